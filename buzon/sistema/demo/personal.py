"""The personal notification's citatorio (CFF 137), through the real service at past instants.

The notification that requires personal notification (7.10) was issued at 10:00 of a día hábil.
The notificador went to the domicile on the next día hábil of the recipient's calendar at 12:00
(hora del domicilio), did not find the representative and left a citatorio with the person who
answered, for 10:00 of the following día hábil. The diligencia itself is left for a person
trying the demo to record on the officials' page: the notification keeps requiring personal
notification, and its representación impresa is what the notificador takes along.
Recorded once: a notification that already has a citatorio is left as it is.
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from buzon.notificaciones.entrega.personal import calendario_y_zona, do_registrar_citatorio
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial

#: Who received the citatorio (fictitious).
RECIBIO = "MARIO SOTO RUIZ, encargado de la recepción"


def instantes_del_citatorio(n: Notificacion) -> tuple[datetime, datetime]:
    """When the citatorio was left (the día hábil after the issue, 12:00 at the domicile) and the
    hour it fixes (the next día hábil, 10:00)."""
    calendario, lugar = calendario_y_zona(n)
    emitida = n.creada.astimezone(lugar).date()
    dejado = calendario.habil_siguiente(emitida)
    cita = calendario.habil_siguiente(dejado)
    return (
        datetime.combine(dejado, time(12, 0), tzinfo=lugar),
        datetime.combine(cita, time(10, 0), tzinfo=lugar),
    )


def citar(notificador: Oficial, n: Notificacion) -> bool:
    """Record the citatorio when missing and its instants have passed; True when it is there."""
    if n.citatorio_dejado is not None:
        return True
    if n.ruta != Notificacion.Ruta.PERSONAL or n.cancelada is not None:
        return False
    dejado, cita = instantes_del_citatorio(n)
    if dejado > timezone.now():
        return False
    do_registrar_citatorio(notificador, n.pk, dejado=dejado, cita=cita, con=RECIBIO, fijado=False)
    n.refresh_from_db()
    return True
