"""`buzon derechohabientes importar-semanas F.csv [--lote N]`: the semanas descontadas and
reintegradas (docs/derechohabientes.md).

One JSON summary line on stdout, one Spanish line per problem on stderr (`línea N, campo «X»:
…`), then a closing sentence. Exit 0 every row imported (or already there), 1 some rows refused
(the others kept), 2 the file cannot be imported (nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from buzon.comun.comandos import ComandoBuzon, informar_importacion, opcion_lote
from buzon.derechohabientes.importacion import (
    COLUMNAS,
    LOTE,
    ErrorArchivo,
    Problema,
    do_importar_semanas,
)
from buzon.padron.lectura import formatear_error


class _NuncaOcurre(Exception):
    """Batches are not reported apart: a database failure is an ordinary traceback."""


class Command(ComandoBuzon):
    help = "Derechohabientes: semanas descontadas (retiro por desempleo) y reintegradas (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        orden = sub.add_parser(
            "importar-semanas",
            help=f"importa semanas descontadas y reintegradas de un CSV UTF-8 con el encabezado "
            f"{','.join(COLUMNAS)} (idempotente)",
        )
        orden.add_argument("archivo")
        opcion_lote(orden, LOTE)

    def handle(self, *args: Any, **op: Any) -> None:
        def al_error(problema: Problema) -> None:
            self.stderr.write(formatear_error(*problema))

        informar_importacion(
            self,
            lambda: do_importar_semanas(Path(op["archivo"]), lote=op["lote"], al_error=al_error),
            archivo_invalido=ErrorArchivo,
            lote_fallido=_NuncaOcurre,
            por="problema",
        )
