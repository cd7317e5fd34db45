"""Writing register files for the tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

ENCABEZADO = "rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria"

# Real-shaped RFCs: personas morales (12) with Ñ and &, and a persona física (13).
RFC_ENE = "AÑB800101AB1"
RFC_AMP = "A&B800101AB2"
RFC_FISICA = "GOCA741120HY0"


def fila(
    rfc: str = RFC_ENE,
    nombre: str = "Ñandú & Cía, S.A. de C.V.",
    registro: str = "Y5412345108",
    entidad: str = "CMX",
    subdelegacion: str = "01",
    zona: str = "America/Mexico_City",
) -> tuple[str, ...]:
    return (rfc, nombre, registro, entidad, subdelegacion, zona)


def _csv(valor: str) -> str:
    if any(c in valor for c in ',"\n'):
        return '"' + valor.replace('"', '""') + '"'
    return valor


def texto_csv(filas: Iterable[Sequence[str]], encabezado: str = ENCABEZADO) -> str:
    renglones = [encabezado] + [",".join(_csv(v) for v in f) for f in filas]
    return "\r\n".join(renglones) + "\r\n"


def escribir(
    carpeta: Path,
    filas: Iterable[Sequence[str]],
    *,
    nombre: str = "padron.csv",
    encabezado: str = ENCABEZADO,
    bom: bool = False,
) -> Path:
    ruta = carpeta / nombre
    datos = texto_csv(filas, encabezado).encode("utf-8")
    ruta.write_bytes((b"\xef\xbb\xbf" if bom else b"") + datos)
    return ruta


def registro(n: int, letra: str = "Y") -> str:
    """A well-formed registro patronal: a letter and 10 digits."""
    return f"{letra}{n:010d}"


def rfc_moral(n: int) -> str:
    """A well-formed 12-character RFC (persona moral), distinct for every n < 100,000,000."""
    letras = "".join(chr(65 + (n // 26**i) % 26) for i in range(3))
    fecha = date(2000, 1, 1) + timedelta(days=n // 26**3)
    return f"{letras}{fecha:%y%m%d}A{n % 10}{(n // 10) % 10}"
