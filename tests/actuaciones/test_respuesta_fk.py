"""`en_respuesta_a` is a reference the database enforces (actuaciones 0002): a notification
cannot name an actuación that does not exist, on PostgreSQL (FOREIGN KEY) and SQLite (triggers)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from buzon.actuaciones.models import Actuacion
from tests.actuaciones.fixtures import requerimiento

pytestmark = pytest.mark.django_db


def test_una_notificacion_no_responde_a_una_actuacion_inexistente() -> None:
    from buzon.notificaciones.models import Notificacion

    n = requerimiento("XIQB891116QE4", tipo="7.1")
    inexistente = (Actuacion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Notificacion.objects.filter(pk=n.pk).update(en_respuesta_a=inexistente)
    n.refresh_from_db()
    assert n.en_respuesta_a is None
    Notificacion.objects.filter(pk=n.pk).update(en_respuesta_a=None)  # none is always allowed
