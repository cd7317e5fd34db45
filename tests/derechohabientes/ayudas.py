"""Workers with test e.firmas (persona física, with the CURP of their NSS) and their ledger,
written straight into the tables (the import that normally fills them is proven in tests/cuotas)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.cuotas.models import ArchivoAfiliacion, Asegurado, Movimiento
from buzon.padron.models import Patron as PatronPadron
from buzon.padron.models import RegistroPatronal
from tests.cuentas.fixtures import Patron, entrar
from tests.cuotas.ayudas import nss

#: Two workers (persona física RFC, CURP) and the employers of the ledger.
TRABAJADOR = ("BOXW310820AB1", "BOXW310820HNERXN09")
OTRO = ("PEGL850505CD2", "PEGL850505MDFRRS03")
EMPLEADOR = "AAA010101AAA"  # persona moral: its e.firma has no CURP of its own
REGISTRO_A, REGISTRO_B = "Y5412345108", "Z1234567890"
NOMBRES = {REGISTRO_A: "Aceros del Norte, S.A. de C.V.", REGISTRO_B: "Panadería La Espiga"}

Mov = tuple[str, str] | tuple[str, str, str]


def padron() -> None:
    ahora = datetime.now(UTC)
    for n, (registro, nombre) in enumerate(NOMBRES.items()):
        rfc = EMPLEADOR if n == 0 else "BBB010101BB1"
        patron, _ = PatronPadron.objects.get_or_create(
            rfc=rfc, defaults={"nombre": nombre, "creado_en": ahora, "importado_en": ahora}
        )
        RegistroPatronal.objects.get_or_create(
            registro=registro,
            defaults={
                "patron": patron,
                "entidad": "CMX",
                "subdelegacion": "01",
                "creado_en": ahora,
                "importado_en": ahora,
            },
        )


def asegurado(n: int, curp: str, nombre: str = "Wenceslao Bolaños Xolo") -> Asegurado:
    ahora = datetime.now(UTC)
    return Asegurado.objects.create(
        nss=nss(n), curp=curp, nombre=nombre, creado_en=ahora, importado_en=ahora
    )


def movimientos(a: Asegurado, registro: str, filas: Sequence[Mov]) -> None:
    """Rows (tipo, fecha[, sbc or días])."""
    padron()
    ahora = datetime.now(UTC)
    archivo, _ = ArchivoAfiliacion.objects.get_or_create(
        sha256=hashlib.sha256(b"pruebas").hexdigest(),
        defaults={"tipo": "movimientos", "nombre": "pruebas.csv", "importado_en": ahora},
    )
    reg = RegistroPatronal.objects.get(registro=registro)
    Movimiento.objects.bulk_create(
        Movimiento(
            registro=reg,
            asegurado=a,
            tipo=f[0],
            fecha=date.fromisoformat(f[1]),
            sbc=Decimal(f[-1]) if f[0] in ("08", "07") else None,
            dias=int(f[-1]) if f[0] in ("11", "12") else None,
            archivo=archivo,
            linea=i,
        )
        for i, f in enumerate(filas, 1)
    )


def trabajador(hacer_patron: Callable[..., Patron], quien: tuple[str, str] = TRABAJADOR) -> Patron:
    rfc, curp = quien
    return hacer_patron(rfc, curp=curp, nombre=f"TRABAJADOR {rfc}")


def entrar_navegador(cliente: Client, persona: Patron) -> str:
    """Log in through the API and carry the token as the browser's cookie."""
    token = entrar(cliente, persona)
    cliente.cookies[COOKIE] = token
    return token


def con_token(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
