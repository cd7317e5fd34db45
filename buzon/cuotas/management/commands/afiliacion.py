"""`buzon afiliacion importar F.csv` and `buzon afiliacion primas F.csv`: the afiliación ledger
(see docs/cuotas.md, «Ledger»).

Prints one JSON summary line on stdout and one Spanish line per problem on stderr
(`línea N, campo «X»: …`), then a closing sentence when some rows were refused. Exit status: 0
when every row was imported, 1 when some rows had errors (the good ones are kept) or the database
failed in a batch (earlier batches kept), 2 when the file cannot be imported at all (not UTF-8,
wrong header…; nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from buzon.comun.comandos import ComandoBuzon, informar_importacion, opcion_lote
from buzon.cuotas.archivo import MOVIMIENTOS, PRIMAS, ErrorArchivo, Problema
from buzon.cuotas.servicios import (
    LOTE,
    ErrorImportacion,
    do_importar_movimientos,
    do_importar_primas,
)
from buzon.padron.lectura import formatear_error


class Command(ComandoBuzon):
    help = "Afiliación: movimientos de los asegurados y primas de riesgos de trabajo (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        for accion, formato, texto in (
            ("importar", MOVIMIENTOS, "movimientos afiliatorios (08, 07, 02, 11, 12)"),
            ("primas", PRIMAS, "primas de riesgos de trabajo por periodo"),
        ):
            orden = sub.add_parser(
                accion,
                help=f"importa {texto} de un CSV UTF-8 con el encabezado {formato.encabezado} "
                "(idempotente)",
            )
            orden.add_argument("archivo")
            opcion_lote(orden, LOTE)

    def handle(self, *args: Any, **op: Any) -> None:
        ruta = Path(op["archivo"])
        importar = do_importar_movimientos if op["accion"] == "importar" else do_importar_primas

        def al_error(problema: Problema) -> None:
            self.stderr.write(formatear_error(*problema))

        informar_importacion(
            self,
            lambda: importar(ruta, lote=op["lote"], al_error=al_error),
            archivo_invalido=ErrorArchivo,
            lote_fallido=ErrorImportacion,
            por="problema",
        )
