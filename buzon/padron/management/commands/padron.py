"""`buzon padron importar ARCHIVO.csv`: the employers' register (see docs/padron.md).

Prints a JSON summary on stdout and one Spanish line per bad row on stderr. Exit status: 0 when
every row was imported, 1 when some rows had errors (the good ones are kept), 2 when the file
cannot be imported at all (not UTF-8, wrong header…; nothing is written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from buzon.comun.comandos import ComandoBuzon, informar_importacion, opcion_lote
from buzon.padron.archivo import ErrorArchivo
from buzon.padron.filas import ENCABEZADO
from buzon.padron.servicios import LOTE, ErrorImportacion, do_importar_padron


class Command(ComandoBuzon):
    help = "Padrón de patrones: RFC, registros patronales, entidad, subdelegación y zona horaria."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        importar = sub.add_parser(
            "importar",
            help=f"importa un CSV UTF-8 con el encabezado {ENCABEZADO} (idempotente)",
        )
        importar.add_argument("archivo")
        opcion_lote(importar, LOTE)

    def handle(self, *args: Any, **op: Any) -> None:
        ruta = Path(op["archivo"])
        informar_importacion(
            self,
            lambda: do_importar_padron(
                ruta, lote=op["lote"], al_error=lambda linea: self.stderr.write(linea)
            ),
            archivo_invalido=ErrorArchivo,
            lote_fallido=ErrorImportacion,
            por="fila",
        )
