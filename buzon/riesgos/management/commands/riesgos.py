"""`buzon riesgos importar F.csv` (riesgos de trabajo terminados) and `buzon riesgos clases F.csv`
(each registro's class, LSS 73). One JSON summary on stdout, one Spanish line per problem on
stderr (`línea N, campo «X»: …`); exit 0 all imported, 1 some rows refused or a batch failed, 2
the file cannot be imported (nothing written). docs/riesgos.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from buzon.comun.comandos import ComandoBuzon, informar_importacion, opcion_lote
from buzon.padron.lectura import formatear_error
from buzon.riesgos.archivo import CLASES, RIESGOS, ErrorArchivo, Problema
from buzon.riesgos.importacion import (
    LOTE,
    ErrorImportacion,
    do_importar_clases,
    do_importar_riesgos,
)


class Command(ComandoBuzon):
    help = "Riesgos de trabajo terminados y clases de riesgo (CSV), para la prima (LSS 72–74)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        for accion, formato, texto in (
            ("importar", RIESGOS, "riesgos de trabajo terminados (en trayecto: excluidos)"),
            ("clases", CLASES, "la clase de riesgo de cada registro (LSS 73)"),
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
        importar = do_importar_riesgos if op["accion"] == "importar" else do_importar_clases

        def al_error(problema: Problema) -> None:
            self.stderr.write(formatear_error(*problema))

        informar_importacion(
            self,
            lambda: importar(ruta, lote=op["lote"], al_error=al_error),
            archivo_invalido=ErrorArchivo,
            lote_fallido=ErrorImportacion,
            por="problema",
        )
