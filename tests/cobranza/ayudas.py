"""Writing créditos files for the cobranza tests, and running the command."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.core.management import CommandError, call_command

ENCABEZADO = "rfc,registro_patronal,credito,concepto,periodo,importe,situacion"
RFC = "AÑB800101AB1"
OTRO_RFC = "A&B800101AB2"
REGISTRO = "Y5412345108"


def credito(
    credito: str = "261234567",
    situacion: str = "exigible",
    importe: str = "1234.56",
    *,
    rfc: str = RFC,
    registro: str = REGISTRO,
    concepto: str = "Cuotas obrero-patronales",
    periodo: str = "2026-03",
) -> tuple[str, ...]:
    return (rfc, registro, credito, concepto, periodo, importe, situacion)


def _csv(valor: str) -> str:
    if any(c in valor for c in ',"\n'):
        return '"' + valor.replace('"', '""') + '"'
    return valor


def escribir(
    carpeta: Path,
    filas: Iterable[Sequence[str]],
    *,
    nombre: str = "creditos.csv",
    encabezado: str = ENCABEZADO,
) -> Path:
    ruta = carpeta / nombre
    renglones = [encabezado] + [",".join(_csv(v) for v in f) for f in filas]
    ruta.write_bytes(("\r\n".join(renglones) + "\r\n").encode("utf-8"))
    return ruta


def correr(*args: str) -> tuple[int, dict[str, object], list[str]]:
    """`buzon cobranza …` as an operator runs it: (exit status, summary, stderr lines)."""
    salida, errores = io.StringIO(), io.StringIO()
    codigo = 0
    try:
        call_command("cobranza", *args, stdout=salida, stderr=errores)
    except CommandError as exc:
        codigo = exc.returncode
        errores.write(f"{exc}\n")
    texto = salida.getvalue().strip()
    return codigo, (json.loads(texto) if texto else {}), errores.getvalue().splitlines()
