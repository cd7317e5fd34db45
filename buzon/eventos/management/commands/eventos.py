"""`buzon eventos`: the Calendario de eventos' reminders and requerimientos' plazos.

buzon eventos recordar [--ahora INSTANTE]   queue the reminders due now (idempotent; JSON out)
buzon eventos plazo ID --dias N --fundamento TEXTO --por RFC
                                            record the plazo a requerimiento states [I-114]
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from buzon.comun.comandos import ComandoBuzon, entero_positivo
from buzon.comun.errores import ErrorBuzon
from buzon.eventos.recordatorios import do_enviar_recordatorios
from buzon.eventos.servicios import do_registrar_plazo
from buzon.oficina.servicios import oficial_activo


def _instante(texto: str) -> datetime:
    try:
        instante = datetime.fromisoformat(texto)
    except ValueError as exc:
        raise CommandError(
            f"«{texto}» no es un instante ISO 8601 (ej. 2026-09-14T09:00-06:00)."
        ) from exc
    if instante.tzinfo is None:
        raise CommandError("El instante debe llevar zona horaria (ej. -06:00 o Z).")
    return instante


class Command(ComandoBuzon):
    help = "Recordatorios del Calendario de eventos y plazos de requerimientos."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        recordar = sub.add_parser("recordar", help="encolar los recordatorios que tocan ahora")
        recordar.add_argument("--ahora", help="instante ISO 8601 (por omisión: ahora)")
        plazo = sub.add_parser("plazo", help="registrar el plazo que señala un requerimiento")
        plazo.add_argument("id", type=entero_positivo, help="id de la notificación")
        plazo.add_argument("--dias", type=entero_positivo, required=True, help="días hábiles")
        plazo.add_argument("--fundamento", required=True)
        plazo.add_argument("--por", required=True, help="RFC del servidor público")

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            if op["accion"] == "recordar":
                ahora = _instante(op["ahora"]) if op.get("ahora") else timezone.now()
                r = do_enviar_recordatorios(ahora)
                salida: dict[str, Any] = {
                    "revisados": r.revisados,
                    "recordatorios": r.recordatorios,
                    "mensajes": r.mensajes,
                }
            else:
                oficial = oficial_activo(op["por"].strip().upper())
                if oficial is None:
                    raise CommandError("Ese RFC no es de un servidor público activo.")
                p = do_registrar_plazo(
                    oficial, op["id"], op["dias"], op["fundamento"], timezone.now()
                )
                salida = {"id": p.pk, "notificacion": p.notificacion_id, "dias": p.dias_habiles}
        except ErrorBuzon as exc:
            raise CommandError(exc.mensaje) from exc
        self.stdout.write(json.dumps(salida, ensure_ascii=False))
