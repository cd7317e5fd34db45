"""The Calendario de eventos demo (relación 2): the enabled employer's reminder preferences (it
declares it provides specialised services, so the ICSOE shows), the plazo of its notified
requerimiento if the demo has one, and a fresh link for its calendar application.

Its obligations need nothing more: the cuotas demo already put its registros in the padrón.
Idempotent except the link: each run makes a new one (the previous stops working), because a
token is shown only once.
"""

from __future__ import annotations

from datetime import datetime

from buzon.eventos.models import PlazoRequerimiento
from buzon.eventos.preferencias import Ajustes
from buzon.eventos.servicios import do_crear_token, do_guardar_preferencias, do_registrar_plazo
from buzon.notificaciones.models import Notificacion, TipoActo
from buzon.oficina.servicios import oficial_activo
from buzon.sistema.demo.comun import HABILITADO, NOTIFICADOR

#: The plazo the demo's requerimiento states (días hábiles) and where the document says so.
DIAS_REQUERIMIENTO = 10
FUNDAMENTO_DEMO = "Oficio de demostración, punto segundo"


def cargar_eventos(ahora: datetime) -> dict[str, str]:
    """Returns the paths to show in the guide: the calendar page and the .ics feed."""
    rfc = HABILITADO[0]
    do_guardar_preferencias(rfc, Ajustes(presta_servicios_especializados=True), ahora)
    requerimientos = TipoActo.objects.filter(es_requerimiento=True).values_list("clave", flat=True)
    n = (
        Notificacion.objects.filter(rfc=rfc, tipo__in=list(requerimientos), cancelada__isnull=True)
        .order_by("-id")
        .first()
    )
    oficial = oficial_activo(NOTIFICADOR.rfc)
    if (
        n is not None
        and oficial is not None
        and not PlazoRequerimiento.objects.filter(notificacion=n).exists()
    ):
        do_registrar_plazo(oficial, n.pk, DIAS_REQUERIMIENTO, FUNDAMENTO_DEMO, ahora)
    token = do_crear_token(rfc, ahora)
    return {
        "calendario": "/buzon/calendario-de-eventos/",
        "recordatorios": "/buzon/calendario-de-eventos/recordatorios/",
        "ics": f"/calendario-de-eventos/{token}.ics",
    }
