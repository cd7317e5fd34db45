"""`buzon barrer`: materialise every legal fact now due. Idempotent and safe to run concurrently:
the facts are derived from stored instants; this only writes what is already true."""

from __future__ import annotations

import json
from typing import Any

from buzon.actuaciones.servicios import barrer_borradores
from buzon.comun.comandos import ComandoBuzon
from buzon.cuentas.servicios import barrer_retos
from buzon.habilitacion.servicios import barrer_medios
from buzon.notificaciones.ciclo.conservacion import depurar
from buzon.sistema.trabajo import una_pasada


class Command(ComandoBuzon):
    help = "Materializa los hechos legales vencidos (códigos de 72 horas, …). Idempotente."

    def handle(self, *args: Any, **op: Any) -> None:
        self.stdout.write(
            json.dumps(
                {
                    "medios_cancelados_por_vencimiento": barrer_medios(),
                    "retos_usados_olvidados": barrer_retos(),
                    **una_pasada(),
                    "documentos_depurados": depurar(),
                    "borradores_de_actuaciones_vencidos": barrer_borradores(),
                }
            )
        )
