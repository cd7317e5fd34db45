"""The ledger a report stands on, written row by row (the import is proven in tests/cuotas), the
workers' e.firmas (persona física, with their own CURP) and their subscriptions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

from buzon.cotizacion.models import Suscripcion
from buzon.cuotas.models import ArchivoAfiliacion, Asegurado, Movimiento
from buzon.padron.models import Patron as FilaPatron
from buzon.padron.models import RegistroPatronal
from tests.actuaciones.fixtures import curp, en_padron, nss
from tests.cuentas.fixtures import Patron

#: Worker A (patron_a's RFC and CURP in tests/cuentas), worker B, and the employer (persona moral).
RFC_A, CURP_A = "XIQB891116QE4", "XIQB891116MGRMZR05"
RFC_B = "MOHR730517UF8"
CURP_B = curp("MOHR730517HDFRRB0")
EMPLEADOR = "H&E951128469"
REGISTRO = "Y5412345108"
OTRO_REGISTRO = "Y5412345109"
NSS_A = nss("0190850001")
NSS_B = nss("0190850002")


def trabajador_b(hacer_patron: Callable[..., Patron]) -> Patron:
    return hacer_patron(RFC_B, curp=CURP_B, nombre="ROBERTO MORALES")


def registros() -> None:
    """The employer with two registros (Centro), in the padrón."""
    en_padron(EMPLEADOR, REGISTRO, subdelegacion="Centro")
    en_padron(EMPLEADOR, OTRO_REGISTRO, subdelegacion="Centro")
    FilaPatron.objects.filter(rfc=EMPLEADOR).update(nombre="HERRERIA Y ELECTRICOS SA DE CV")


def asegurado(numero: str, clave: str, nombre: str = "TRABAJADOR") -> Asegurado:
    ahora = datetime.now(UTC)
    fila, _ = Asegurado.objects.get_or_create(
        nss=numero,
        defaults={"curp": clave, "nombre": nombre, "creado_en": ahora, "importado_en": ahora},
    )
    return fila


_linea = [1]


def mov(
    quien: Asegurado,
    tipo: str,
    fecha: str,
    sbc: str | None = None,
    dias: int | None = None,
    registro: str = REGISTRO,
) -> None:
    archivo, _ = ArchivoAfiliacion.objects.get_or_create(
        sha256="a" * 64,
        defaults={"tipo": "movimientos", "nombre": "prueba.csv", "importado_en": datetime.now(UTC)},
    )
    _linea[0] += 1
    Movimiento.objects.create(
        registro=RegistroPatronal.objects.get(registro=registro),
        asegurado=quien,
        tipo=tipo,
        fecha=date.fromisoformat(fecha),
        sbc=Decimal(sbc) if sbc else None,
        dias=dias,
        archivo=archivo,
        linea=_linea[0],
    )


def suscribir(quien: Asegurado, rfc: str) -> None:
    Suscripcion.objects.create(asegurado=quien, rfc=rfc, suscrita_en=datetime.now(UTC))
