"""`buzon cobranza importar F.csv`: the créditos fiscales of the collection system (see
docs/cobranza.md).

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

from buzon.cobranza.archivo import ErrorArchivo, Problema
from buzon.cobranza.filas import ENCABEZADO
from buzon.cobranza.servicios import LOTE, ErrorImportacion, do_importar_creditos
from buzon.comun.comandos import ComandoBuzon, informar_importacion, opcion_lote
from buzon.padron.lectura import formatear_error


class Command(ComandoBuzon):
    help = "Cobranza: créditos fiscales del sistema de cobranza del IMSS (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        importar = sub.add_parser(
            "importar",
            help=f"importa créditos fiscales de un CSV UTF-8 con el encabezado {ENCABEZADO} "
            "(idempotente; un cambio posterior de un crédito lo actualiza y guarda su historia)",
        )
        importar.add_argument("archivo")
        opcion_lote(importar, LOTE)

    def handle(self, *args: Any, **op: Any) -> None:
        ruta = Path(op["archivo"])

        def al_error(problema: Problema) -> None:
            self.stderr.write(formatear_error(*problema))

        informar_importacion(
            self,
            lambda: do_importar_creditos(ruta, lote=op["lote"], al_error=al_error),
            archivo_invalido=ErrorArchivo,
            lote_fallido=ErrorImportacion,
            por="problema",
        )
