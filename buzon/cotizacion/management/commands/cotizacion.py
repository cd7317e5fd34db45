"""`buzon cotizacion generar --periodo AAAA-MM`: the Reporte Personalizado de Cotización of a month
for every active subscriber still without one (idempotent: a re-run replaces nothing and sends
nothing twice). Prints one JSON line with the figures; exit 2 for a bad argument."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.comun.errores import ErrorBuzon
from buzon.cotizacion.generacion import LOTE, do_generar_reportes


class Command(ComandoBuzon):
    help = "Reporte Personalizado de Cotización de los trabajadores suscritos."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        generar = sub.add_parser(
            "generar", help="Genera y envía los reportes de un mes ya terminado (idempotente)."
        )
        generar.add_argument("--periodo", required=True, help="AAAA-MM, por ejemplo 2026-04")
        generar.add_argument(
            "--lote", type=int, default=LOTE, help=f"asegurados por transacción ({LOTE})"
        )

    def handle(self, *args: Any, **op: Any) -> None:
        if op["lote"] < 1:
            raise CommandError("--lote debe ser 1 o más.", returncode=2)
        try:
            resumen = do_generar_reportes(op["periodo"], lote=op["lote"])
        except ErrorBuzon as exc:
            raise CommandError(exc.mensaje, returncode=2) from exc
        self.stdout.write(json.dumps(resumen.como_json(), ensure_ascii=False))
