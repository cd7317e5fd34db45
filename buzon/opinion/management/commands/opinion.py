"""`buzon opinion evaluar --lote F.jsonl`: the opinión's decision alone, line by line (see
`buzon.opinion.lote`). One JSON object per input line on stdout, in order; exit status 1 when some
line failed (the others still computed), 2 when the file cannot be read."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.opinion.lote import resultado_de_linea


class Command(ComandoBuzon):
    help = "Opinión de cumplimiento (CFF 32-D): la decisión sola, para integradores y auditorías."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        evaluar = sub.add_parser(
            "evaluar",
            help="evalúa cada línea JSON {registros, creditos} y escribe {sentido, motivos}; "
            "una línea mala da {linea, error} y las demás se evalúan igual",
        )
        evaluar.add_argument(
            "--lote", required=True, help="archivo JSONL en UTF-8 («-»: la entrada estándar)"
        )

    def handle(self, *args: Any, **op: Any) -> None:
        ruta = op["lote"]
        fallidas = 0
        try:
            archivo = sys.stdin if ruta == "-" else open(ruta, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"No se pudo abrir «{ruta}»: {exc.strerror}.", returncode=2) from exc
        try:
            for numero, linea in enumerate(archivo, 1):
                if not linea.strip():
                    continue
                salida, bien = resultado_de_linea(linea, numero)
                fallidas += not bien
                self.stdout.write(json.dumps(salida, ensure_ascii=False))
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"«{ruta}» no está en UTF-8 (byte {exc.start}): guárdelo como UTF-8.", returncode=2
            ) from exc
        finally:
            if archivo is not sys.stdin:
                archivo.close()
        if fallidas:
            raise CommandError(
                f"{fallidas} líneas tienen errores (arriba, con su número); las demás se "
                "evaluaron.",
                returncode=1,
            )
