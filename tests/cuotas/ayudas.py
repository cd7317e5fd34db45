"""Writing afiliación files and a small padrón for the ledger tests."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import CommandError, call_command
from stdnum.mx import curp as stdnum_curp

from buzon.legal.nss import digito_nss
from buzon.padron.models import Patron, RegistroPatronal

ENCABEZADO = "registro_patronal,nss,curp,nombre,tipo,fecha,sbc,dias"
ENCABEZADO_PRIMAS = "registro_patronal,vigente_desde,prima"
RFC = "AÑB800101AB1"
REGISTRO = "Y5412345108"
OTRO_REGISTRO = "Y5412345109"
CURP = "BOXW310820HNERXN09"


def nss(n: int) -> str:
    """A valid NSS (check digit of legal.nss), distinct for every n < 10**10."""
    diez = f"{n:010d}"
    return diez + digito_nss(diez)


def curp(n: int) -> str:
    """A valid CURP (its check digit computed), distinct for n < 10."""
    base = f"BOXW310820HNERXN{n % 10}"[:17]
    return base + stdnum_curp.calc_check_digit(base)


def movimiento(
    tipo: str = "08",
    fecha: str = "2026-04-01",
    sbc: str = "500.00",
    dias: str = "",
    *,
    registro: str = REGISTRO,
    n: int = 1,
    curp_: str = CURP,
    nombre: str = "Wenceslao Bolaños Xolo",
) -> tuple[str, ...]:
    return (registro, nss(n), curp_, nombre, tipo, fecha, sbc, dias)


def _csv(valor: str) -> str:
    if any(c in valor for c in ',"\n'):
        return '"' + valor.replace('"', '""') + '"'
    return valor


def escribir(
    carpeta: Path,
    filas: Iterable[Sequence[str]],
    *,
    nombre: str = "movimientos.csv",
    encabezado: str = ENCABEZADO,
) -> Path:
    ruta = carpeta / nombre
    renglones = [encabezado] + [",".join(_csv(v) for v in f) for f in filas]
    ruta.write_bytes(("\r\n".join(renglones) + "\r\n").encode("utf-8"))
    return ruta


def padron(*registros: str, zona_salario: str = "general") -> None:
    """Registros patronales in the padrón (tests/padron proves its import)."""
    ahora = datetime.now(UTC)
    patron, _ = Patron.objects.get_or_create(
        rfc=RFC, defaults={"nombre": "Ñandú", "creado_en": ahora, "importado_en": ahora}
    )
    for registro in registros or (REGISTRO, OTRO_REGISTRO):
        RegistroPatronal.objects.get_or_create(
            registro=registro,
            defaults={
                "patron": patron,
                "entidad": "CMX",
                "subdelegacion": "01",
                "zona_salario": zona_salario,
                "creado_en": ahora,
                "importado_en": ahora,
            },
        )


def correr(*args: str) -> tuple[int, dict[str, object], list[str]]:
    """`buzon afiliacion …` as an integrator runs it: (exit status, summary, stderr lines)."""
    salida, errores = io.StringIO(), io.StringIO()
    codigo = 0
    try:
        call_command("afiliacion", *args, stdout=salida, stderr=errores)
    except CommandError as exc:
        codigo = exc.returncode
        errores.write(f"{exc}\n")
    texto = salida.getvalue().strip()
    return codigo, (json.loads(texto) if texto else {}), errores.getvalue().splitlines()
