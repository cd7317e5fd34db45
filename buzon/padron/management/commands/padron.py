"""`buzon padron importar ARCHIVO.csv`: the employers' register (see docs/padron.md).

Prints a JSON summary on stdout and one Spanish line per bad row on stderr. Exit status: 0 when
every row was imported, 1 when some rows had errors (the good ones are kept), 2 when the file
cannot be imported at all (not UTF-8, wrong header…; nothing is written).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.padron.archivo import ErrorArchivo
from buzon.padron.filas import ENCABEZADO
from buzon.padron.servicios import LOTE, ErrorImportacion, do_importar_padron


def _positivo(valor: str) -> int:
    numero = int(valor)
    if numero < 1:
        raise ValueError(valor)
    return numero


class Command(ComandoBuzon):
    help = "Padrón de patrones: RFC, registros patronales, entidad, subdelegación y zona horaria."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        importar = sub.add_parser(
            "importar",
            help=f"importa un CSV UTF-8 con el encabezado {ENCABEZADO} (idempotente)",
        )
        importar.add_argument("archivo")
        importar.add_argument(
            "--lote", type=_positivo, default=LOTE, help=f"filas por transacción ({LOTE})"
        )

    def handle(self, *args: Any, **op: Any) -> None:
        ruta = Path(op["archivo"])
        try:
            resultado = do_importar_padron(
                ruta, lote=op["lote"], al_error=lambda linea: self.stderr.write(linea)
            )
        except ErrorArchivo as exc:
            raise CommandError(exc.mensaje, returncode=2) from exc
        except ErrorImportacion as exc:
            self.stdout.write(json.dumps(exc.resultado.resumen(), ensure_ascii=False))
            raise CommandError(exc.mensaje, returncode=1) from exc
        self.stdout.write(json.dumps(resultado.resumen(), ensure_ascii=False))
        if resultado.filas_con_error:
            raise CommandError(
                f"{resultado.filas_con_error} de {resultado.filas_leidas} filas tienen errores "
                "(arriba, una línea por fila) y no se importaron; las demás quedaron guardadas. "
                "Corrija esas filas y vuelva a importar el archivo.",
                returncode=1,
            )
