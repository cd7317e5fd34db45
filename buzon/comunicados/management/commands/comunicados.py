"""`buzon comunicados`: the fan-out of approved comunicados (resumable; safe to re-run).

buzon comunicados difundir [--id N] [--lote N]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon, entero_positivo
from buzon.comunicados.difusion import LOTE, difundir, difundir_pendientes
from buzon.comunicados.models import Comunicado


class Command(ComandoBuzon):
    help = "Difunde los comunicados aprobados (por bloques, reanudable)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        difusion = sub.add_parser("difundir", help="difunde los aprobados pendientes")
        difusion.add_argument("--id", type=entero_positivo, help="solo este comunicado")
        difusion.add_argument("--lote", type=entero_positivo, default=LOTE)

    def handle(self, *args: Any, **opciones: Any) -> None:
        if opciones["id"] is not None:
            pk = int(opciones["id"])
            c = Comunicado.objects.filter(pk=pk).first()
            if c is None or c.estado != Comunicado.Estado.PUBLICADO:
                raise CommandError(f"No hay un comunicado aprobado con el número {pk}.")
            difundir(pk, lote=opciones["lote"])
            c.refresh_from_db()
            self.stdout.write(
                f"Comunicado {pk}: {c.entregados} de {c.objetivo} entregados, {c.avisos} avisos."
            )
            return
        n = difundir_pendientes(opciones["lote"])
        self.stdout.write(f"{n} comunicado(s) difundido(s).")
