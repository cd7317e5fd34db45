"""The data migrations of issue 11, applied on rows made under the old rules: 0006 (the aviso
actually sent, 7.3 [I-35]) and 0007 (estrados: ten días, CFF 139 reformed DOF 12-11-2021)."""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps

from buzon.avisos.models import Intento, Mensaje
from buzon.notificaciones.models import Evento, Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, zc
from tests.notificaciones.fixtures import Funcionario, habilitar

pytestmark = pytest.mark.django_db

M0006 = importlib.import_module("buzon.notificaciones.migrations.0006_aviso_real")
M0007 = importlib.import_module("buzon.notificaciones.migrations.0007_estrados_diez_dias")


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def test_0007_recalcula_solo_estrados_pendientes(
    notificador: Funcionario, patron_a: Patron, hacer_patron: Any
) -> None:
    otro = hacer_patron("MAMA800101AB2")
    oficina = Oficina(notificador)
    with time_machine.travel(zc(2027, 3, 1, 10), tick=False):  # not enabled, after the 180 days
        pendiente = Notificacion.objects.get(
            pk=oficina.emitir(patron_a.rfc, "k-e1", entregar=False).json()["id"]
        )
        hecha = Notificacion.objects.get(
            pk=oficina.emitir(otro.rfc, "k-e2", entregar=False).json()["id"]
        )
    assert pendiente.ruta == hecha.ruta == Notificacion.Ruta.ESTRADOS
    # The old rule (pre-2022): fifteen días of publication, notified on the sixteenth. Published
    # Mon 1 Mar 2027: 2..5, 8..12, 15, 16, 17, 18, 19 (Mon 15 is the rest day for 21 March: 3rd
    # Monday) -> the 15th día hábil is Mon 22 Mar, the 16th Tue 23 Mar.
    antes = {"estrados_fin": date(2027, 3, 22), "estrados_notificada": zc(2027, 3, 23)}
    Notificacion.objects.filter(pk__in=[pendiente.pk, hecha.pk]).update(**antes)
    Notificacion.objects.filter(pk=hecha.pk).update(notificada=zc(2027, 3, 23), acuse="X")
    with time_machine.travel(zc(2027, 3, 10, 12), tick=False):
        M0007.recalcular(apps, None)
        M0007.recalcular(apps, None)  # again: nothing changes
    pendiente.refresh_from_db()
    hecha.refresh_from_db()
    # Ten días: 2, 3, 4, 5, 8, 9, 10, 11, 12, 16 Mar (Mon 15 is inhábil) -> fin Tue 16 Mar,
    # notified on the 11th, Wed 17 Mar 2027 at 00:00.
    assert (pendiente.estrados_fin, pendiente.estrados_notificada) == (
        date(2027, 3, 16),
        zc(2027, 3, 17),
    )
    assert (hecha.estrados_fin, hecha.estrados_notificada) == (
        antes["estrados_fin"],
        antes["estrados_notificada"],
    )
    [evento] = Evento.objects.filter(notificacion=pendiente, tipo="plazo_recalculado")
    assert "CFF 139" in evento.datos["motivo"]["regla"]
    assert datetime.fromisoformat(evento.datos["antes"]["estrados_notificada"]) == zc(2027, 3, 23)
    assert not Evento.objects.filter(notificacion=hecha, tipo="plazo_recalculado").exists()


def test_0006_conserva_lo_hecho_y_fecha_lo_pendiente_desde_la_aceptacion(
    notificador: Funcionario, patron_a: Patron, hacer_patron: Any
) -> None:
    otros = [hacer_patron(rfc) for rfc in ("MAMA800101AB2", "LOLA800101AB3")]
    for p in (patron_a, *otros):
        habilitar(p.rfc)
    oficina = Oficina(notificador)
    planeado = zc(2027, 1, 15, 10)  # Friday
    with time_machine.travel(planeado, tick=False):
        hecha, pendiente, sin_despachar = (
            Notificacion.objects.get(
                pk=oficina.emitir(p.rfc, f"k-{p.rfc}", entregar=False).json()["id"]
            )
            for p in (patron_a, *otros)
        )
    # The rows as the old code left them: `aviso` = planned, `vence` from it, `aviso_enviado` =
    # when the dispatcher ran (Friday for two of them), no new columns.
    vence_viejo = zc(2027, 1, 21, 9, 30)
    for n, enviado in ((hecha, planeado), (pendiente, planeado), (sin_despachar, None)):
        Notificacion.objects.filter(pk=n.pk).update(
            aviso=planeado,
            vence=vence_viejo,
            aviso_enviado=enviado,
            aviso_programado=None,
            aviso_despachado=None,
            aviso_medios=[],
        )
    Mensaje.objects.filter(clave__startswith=f"aviso:{sin_despachar.folio}:").delete()
    # The provider accepted the pending one's email only on Tuesday (outage).
    martes = zc(2027, 1, 19, 11)
    for m in Mensaje.objects.filter(clave__startswith=f"aviso:{pendiente.folio}:"):
        m.estado = Mensaje.Estado.ENVIADO
        m.save()
        Intento.objects.create(mensaje=m, numero=1, instante=martes, resultado="enviado")
    with time_machine.travel(zc(2027, 1, 25, 9, 30) + timedelta(hours=1), tick=False):
        M0006.adelante(apps, None)
    hecha.refresh_from_db()
    pendiente.refresh_from_db()
    sin_despachar.refresh_from_db()
    # Made (deemed Thu 21 Jan under the old rule, already past): every stored fact kept.
    assert (hecha.aviso, hecha.vence, hecha.aviso_enviado) == (planeado, vence_viejo, planeado)
    assert (hecha.aviso_programado, hecha.aviso_despachado) == (planeado, planeado)
    # The other two's old deemed instant (21 Jan) had passed too at 25 Jan: made, kept as they
    # were; only what is still ahead changes (next test).
    assert pendiente.vence == vence_viejo
    assert sin_despachar.vence == vence_viejo


def test_0006_pendiente_aun_no_vencida(
    notificador: Funcionario, patron_a: Patron, hacer_patron: Any
) -> None:
    otro = hacer_patron("MAMA800101AB2")
    for p in (patron_a, otro):
        habilitar(p.rfc)
    oficina = Oficina(notificador)
    planeado = zc(2027, 1, 15, 10)
    with time_machine.travel(planeado, tick=False):
        pendiente, sin_despachar = (
            Notificacion.objects.get(
                pk=oficina.emitir(p.rfc, f"k-{p.rfc}", entregar=False).json()["id"]
            )
            for p in (patron_a, otro)
        )
    vence_viejo = zc(2027, 1, 21, 9, 30)  # d1..d3 = 18, 19, 20 Jan from the Friday
    Notificacion.objects.filter(pk=pendiente.pk).update(
        aviso=planeado, vence=vence_viejo, aviso_enviado=planeado, aviso_despachado=None
    )
    Notificacion.objects.filter(pk=sin_despachar.pk).update(
        aviso=planeado, vence=vence_viejo, aviso_enviado=None, aviso_despachado=None
    )
    Mensaje.objects.filter(clave__startswith=f"aviso:{sin_despachar.folio}:").delete()
    martes = zc(2027, 1, 19, 11)
    for m in Mensaje.objects.filter(clave__startswith=f"aviso:{pendiente.folio}:"):
        m.estado = Mensaje.Estado.ENVIADO
        m.save()
        Intento.objects.create(mensaje=m, numero=1, instante=martes, resultado="enviado")
    with time_machine.travel(zc(2027, 1, 19, 12), tick=False):  # before the old deemed instant
        M0006.adelante(apps, None)
    pendiente.refresh_from_db()
    sin_despachar.refresh_from_db()
    # From the acceptance on Tuesday: d1..d3 = 20, 21, 22 Jan, deemed Mon 25 Jan 09:30.
    assert (pendiente.aviso, pendiente.aviso_enviado) == (martes, martes)
    assert pendiente.vence == zc(2027, 1, 25, 9, 30)
    assert pendiente.aviso_programado == planeado and pendiente.aviso_resuelto is not None
    [evento] = Evento.objects.filter(notificacion=pendiente, tipo="plazo_recalculado")
    assert "I-35" in evento.datos["motivo"]["regla"]
    # Never dispatched: never announced, so no dates; the dispatcher sends it.
    assert (sin_despachar.aviso, sin_despachar.vence) == (None, None)
    assert sin_despachar.aviso_programado == planeado
