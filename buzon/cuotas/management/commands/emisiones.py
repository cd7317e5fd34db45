"""`buzon emisiones generar --periodo P [--desde R --hasta R]`: the propuestas of every registro
patronal for the period (EMA `AAAA-MM`, EBA `AAAA-Bn`), published in each employer's buzón.

Resumable and idempotent: run it again after a crash and it finishes the chunks still pending;
several processes (or Celery workers) may run it at once, optionally on registro ranges. Prints
the run's figures as one JSON line; exit 2 for a bad argument.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.comun.errores import ErrorBuzon
from buzon.cuotas.emisiones import generacion, presentacion


class Command(ComandoBuzon):
    help = "Emisiones de cuotas obrero-patronales (propuestas, LSS 39 A)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        generar = sub.add_parser(
            "generar", help="Genera y publica las emisiones de un periodo (reanudable)."
        )
        generar.add_argument("--periodo", required=True, help="AAAA-MM (EMA) o AAAA-Bn (EBA)")
        generar.add_argument("--desde", default=None, help="Primer registro patronal del tramo")
        generar.add_argument("--hasta", default=None, help="Último registro patronal del tramo")

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            corrida = generacion.generar(op["periodo"], desde=op["desde"], hasta=op["hasta"])
        except ErrorBuzon as exc:
            raise CommandError(exc.mensaje, returncode=2) from exc
        self.stdout.write(json.dumps(presentacion.corrida(corrida), ensure_ascii=False))
