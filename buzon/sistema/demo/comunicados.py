"""The comunicados demo (numeral 8; relación 5): a comunicadora of the Centro subdelegación, one
comunicado approved by the demo supervisor and fanned out to every patrón with a registro in
Centro (the enabled employer gets its courtesy email and SMS, the one without a mailbox only sees
it), and one more waiting for approval, so the supervisor can approve it during the demo.

Run after the padrón is loaded (the cuotas and opinión demos). Idempotent: found by title.
"""

from __future__ import annotations

from buzon.comunicados.difusion import despues_de_aprobar
from buzon.comunicados.models import Comunicado
from buzon.comunicados.servicios import (
    DatosComunicado,
    do_aprobar,
    do_crear_comunicado,
    do_enviar_a_aprobacion,
)
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import do_alta_oficial
from buzon.sistema.demo import comun
from buzon.sistema.demo.comun import SUBDELEGACION, SUPERVISOR

#: The demo's comunicadora (in `comun.CUENTAS`, which issues her e.firma files).
COMUNICADORA = (comun.COMUNICADORA.rfc, comun.COMUNICADORA.nombre)
PUBLICADO = "Jornada de regularización sin cita en la Subdelegación Centro"
POR_APROBAR = "Nuevo horario de atención en ventanillas"
CUERPO_PUBLICADO = """## Jornada de regularización

Del **lunes al viernes** de la próxima semana, la Subdelegación Centro atiende *sin cita*:

- aclaraciones de emisiones;
- convenios de pago a plazos;
- dudas sobre el Buzón IMSS.

Lleve su e.firma vigente."""


def cargar_comunicados() -> dict[str, int]:
    """The demo's comunicados; returns {"publicado": id, "por_aprobar": id}."""
    rfc, nombre = COMUNICADORA
    autora = do_alta_oficial(
        rfc=rfc, nombre=nombre, rol=Oficial.Rol.COMUNICADOR, subdelegacion=SUBDELEGACION
    ).oficial
    supervisor = Oficial.objects.get(rfc=SUPERVISOR.rfc)
    publicado = Comunicado.objects.filter(titulo=PUBLICADO, autor_rfc=rfc).first()
    if publicado is None:
        publicado = do_crear_comunicado(
            autora,
            DatosComunicado(
                titulo=PUBLICADO, cuerpo=CUERPO_PUBLICADO, formato="markdown", segmento="todos"
            ),
        )
        do_enviar_a_aprobacion(autora, publicado.pk)
        do_aprobar(supervisor, publicado.pk)
    despues_de_aprobar(publicado.pk)  # idempotent: nothing is delivered twice
    pendiente = Comunicado.objects.filter(titulo=POR_APROBAR, autor_rfc=rfc).first()
    if pendiente is None:
        pendiente = do_crear_comunicado(
            autora,
            DatosComunicado(
                titulo=POR_APROBAR,
                cuerpo="A partir del próximo mes, las ventanillas abren de 8:00 a 15:00 horas.",
                segmento="subdelegaciones",
                valores=[SUBDELEGACION],
            ),
        )
        do_enviar_a_aprobacion(autora, pendiente.pk)
    return {"publicado": publicado.pk, "por_aprobar": pendiente.pk}
