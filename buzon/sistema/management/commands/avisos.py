"""`buzon avisos`: the outbox of emails and SMS.

buzon avisos entregar [--continuo] [--intervalo S] [--limite N]
buzon avisos estado
buzon avisos reintentar ID [ID ...]
"""

from __future__ import annotations

import json
import signal
import threading
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import Count

from buzon.avisos.models import Mensaje
from buzon.comun.comandos import ComandoBuzon


class Command(ComandoBuzon):
    help = "Entrega y revisa la bandeja de salida de correos y SMS (avisos y códigos)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        entregar = sub.add_parser("entregar", help="envía los mensajes pendientes")
        entregar.add_argument(
            "--continuo", action="store_true", help="seguir entregando hasta Ctrl-C o SIGTERM"
        )
        entregar.add_argument(
            "--intervalo", type=float, default=None, help="segundos entre pasadas (--continuo)"
        )
        entregar.add_argument("--limite", type=int, default=100, help="mensajes por pasada")
        sub.add_parser("estado", help="cuántos mensajes hay en cada estado (JSON)")
        reintentar = sub.add_parser(
            "reintentar", help="da un intento más a mensajes «muerto» (tras corregir la causa)"
        )
        reintentar.add_argument("ids", nargs="+", type=int)

    def handle(self, *args: Any, **opciones: Any) -> None:
        accion = opciones["accion"]
        if accion == "entregar":
            self._entregar(opciones)
        elif accion == "estado":
            conteo = dict(Mensaje.objects.values_list("estado").annotate(n=Count("id")).order_by())
            self.stdout.write(json.dumps({e: conteo.get(e, 0) for e in Mensaje.Estado.values}))
        else:
            self._reintentar(opciones["ids"])

    def _entregar(self, opciones: dict[str, Any]) -> None:
        from buzon.avisos.entrega import entregar_todo
        from buzon.sistema.trabajador import bucle, despertar

        if opciones["limite"] < 1:
            raise CommandError("--limite: debe ser al menos 1.")
        if not opciones["continuo"]:
            r = entregar_todo(opciones["limite"])
            self.stdout.write(
                json.dumps(
                    {
                        "enviados": r.enviados,
                        "reintentos": r.reintentos,
                        "muertos": r.muertos,
                        "liberados": r.liberados,
                    }
                )
            )
            return
        detener = threading.Event()

        def terminar(*_: Any) -> None:
            detener.set()
            despertar()

        for senal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(senal, terminar)
        self.stdout.write("Entregando avisos; Ctrl-C para terminar.")
        self.stdout.flush()
        bucle(opciones["intervalo"], detener)

    def _reintentar(self, ids: list[int]) -> None:
        from django.utils import timezone

        existentes = set(Mensaje.objects.filter(pk__in=ids).values_list("pk", flat=True))
        faltan = sorted(set(ids) - existentes)
        if faltan:
            raise CommandError(f"No existen los mensajes {', '.join(map(str, faltan))}.")
        ahora = timezone.now()
        # Each reintentar grants one more attempt (attempt numbers keep counting up).
        n = Mensaje.objects.filter(pk__in=ids, estado=Mensaje.Estado.MUERTO).update(
            estado=Mensaje.Estado.PENDIENTE, proximo_intento=ahora, actualizado=ahora
        )
        self.stdout.write(json.dumps({"reintentar": n}))
