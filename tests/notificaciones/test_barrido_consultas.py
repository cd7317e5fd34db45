"""The sweep and the acceptance callback are set-based: their statements do not grow with the
rows they write (no per-row query, e.g. a deferred field read row by row), and each row gets its
own values."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.avisos.entrega import entregar_todo
from buzon.avisos.models import Mensaje
from buzon.evidencia.models import Acuse
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.entrega.aceptacion import clave_aviso
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.models import Evento, Notificacion
from tests.notificaciones.fixtures import habilitar

pytestmark = pytest.mark.django_db

VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)
LUNES = datetime(2027, 1, 18, 10, 0, tzinfo=ZONA_CENTRO)


def _barrer_contando(instante: datetime) -> tuple[int, int]:
    with time_machine.travel(instante, tick=False), CaptureQueriesContext(connection) as c:
        hechas = barrer_notificaciones()
    return hechas, len(c.captured_queries)


def test_el_barrido_no_hace_consultas_por_fila(notificador, patron_a):
    habilitar(patron_a.rfc)
    with time_machine.travel(VIERNES, tick=False):
        primera = notificador.emitir(patron_a.rfc, "c-1").json()["id"]
    with time_machine.travel(LUNES, tick=False):
        otras = [notificador.emitir(patron_a.rfc, f"c-{i}").json()["id"] for i in (2, 3, 4)]
    vence_1 = Notificacion.objects.get(pk=primera).vence
    vence_2 = Notificacion.objects.get(pk=otras[0]).vence
    assert vence_1 is not None and vence_2 is not None and vence_1 < vence_2
    una = _barrer_contando(vence_1)
    tres = _barrer_contando(vence_2)
    assert (una[0], tres[0]) == (1, 3)
    assert una[1] == tres[1]  # same statements for 1 row as for 3
    for n in Notificacion.objects.filter(pk__in=[primera, *otras]):
        assert (n.notificada, n.medio) == (n.vence, "vencimiento")
        acuse = Acuse.objects.get(folio=n.acuse)
        assert (acuse.tipo, acuse.datos["notificacion"]) == (
            "notificacion_por_vencimiento",
            n.folio,
        )
        assert n.notificada is not None and n.conservar_hasta > n.notificada.date()
        assert Evento.objects.filter(notificacion=n, tipo="notificada").count() == 1


def test_una_pasada_de_entrega_fija_el_aviso_de_cada_notificacion(notificador, patron_a, patron_b):
    """Several notifications accepted in one delivery pass, at different instants: each gets
    its own aviso and deemed instant (one UPDATE for all of them)."""
    habilitar(patron_a.rfc)
    habilitar(patron_b.rfc)
    with time_machine.travel(VIERNES, tick=False):
        ids = [
            notificador.emitir(p.rfc, f"e-{i}", entregar=False).json()["id"]
            for i, p in enumerate([patron_a, patron_b, patron_a])
        ]
    with time_machine.travel(VIERNES + timedelta(minutes=1), tick=True):
        resumen = entregar_todo(limite=100)
    assert resumen.enviados == resumen.reclamados == 6
    for n in Notificacion.objects.filter(pk__in=ids):
        claves = [clave_aviso(n.folio, m) for m in n.aviso_medios]
        instantes = Mensaje.objects.filter(clave__in=claves).values_list("enviado", flat=True)
        enviados = sorted(e for e in instantes if e is not None)
        assert len(enviados) == 2
        assert n.aviso == n.aviso_enviado == enviados[0]  # the first acceptance (7.3)
        assert n.aviso_resuelto == enviados[1]  # every medio has its final result
        assert n.vence is not None and n.aviso is not None and n.vence > n.aviso
    assert len({n.aviso for n in Notificacion.objects.filter(pk__in=ids)}) == 3
