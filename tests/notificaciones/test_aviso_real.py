"""7.3, 7.4 [I-35]: the three días run from the aviso actually *sent* (a provider accepted it),
never from a planned one; an aviso no provider accepts never deems a notification (7.8).

Dates are counted by hand on the 2027 calendar (no día inhábil by law in January but the
weekends): a Friday is 15 Jan, the next Tuesday 19 Jan.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from buzon.avisos.entrega import entregar_todo
from buzon.avisos.models import Mensaje
from buzon.evidencia.models import Acuse
from buzon.habilitacion.models import Medio
from buzon.legal.notificacion import AVISADA, EN_ESTRADOS, PROGRAMADA, REQUIERE_PERSONAL
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.entrega.reencamino import reencaminar_sin_aceptar
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Evento, Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, Particular, avisar, texto, zc
from tests.notificaciones.fixtures import Funcionario, habilitar
from tests.red import puerto_libre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def _emitir(oficina: Oficina, rfc: str, clave: str) -> Notificacion:
    respuesta = oficina.emitir(rfc, clave, entregar=False)
    assert respuesta.status_code == 201, respuesta.content
    return Notificacion.objects.get(pk=respuesta.json()["id"])


def _proveedores_caidos(settings: Any) -> None:
    """Nothing listens on these ports: every SMTP and gateway attempt fails (and is retried)."""
    settings.BUZON_EMAIL_URL = f"smtp://127.0.0.1:{puerto_libre()}"
    settings.BUZON_SMS_URL = f"http://127.0.0.1:{puerto_libre()}/v1/sms"
    settings.BUZON_AVISOS_TIMEOUT = 2


def test_aviso_del_viernes_despachado_el_martes_cuenta_desde_el_martes(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    viernes, martes = zc(2027, 1, 15, 10), zc(2027, 1, 19, 11)
    with time_machine.travel(viernes, tick=False):
        n = _emitir(oficina, patron_a.rfc, "k-tarde")
        # The API dispatched it (the outbox has its messages) but no provider has answered:
        # the worker that delivers is down until Tuesday.
        assert Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:").count() == 2
        n.refresh_from_db()
        assert (n.aviso_programado, n.aviso_despachado) == (viernes, viernes)
        assert (n.aviso, n.vence) == (None, None)
        assert situacion_de(n, viernes).estado == PROGRAMADA
        assert particular.lista() == []
        detalle = oficina.detalle(n.pk).json()
        assert (detalle["estado"], detalle["aviso"]) == (PROGRAMADA, None)
    with time_machine.travel(zc(2027, 1, 18, 12), tick=False):
        assert particular.lista() == []  # Monday: still nothing was sent
    with time_machine.travel(martes, tick=False):
        entregar_todo()
        [item] = particular.lista()
        # d1..d3 = Wed 20, Thu 21, Fri 22; deemed at 09:30 of Mon 25 (from Tuesday, not Friday).
        assert item["aviso"] == texto(martes)
        assert item["plazo_apertura"] == ["2027-01-20", "2027-01-21", "2027-01-22"]
        assert item["vence"] == texto(zc(2027, 1, 25, 9, 30))
        assert oficina.detalle(n.pk).json()["estado"] == AVISADA
        assert sellar_constancias() == 1
    n.refresh_from_db()
    constancia = Acuse.objects.get(folio=n.acuse_aviso)
    assert constancia.instante_legal == martes
    assert constancia.datos["aviso"] == martes.isoformat()
    assert constancia.datos["vence"] == zc(2027, 1, 25, 9, 30).isoformat()


def test_medios_caducados_entre_emision_y_despacho_van_a_estrados(
    notificador: Funcionario, patron_a: Patron
) -> None:
    buzon = habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    with time_machine.travel(zc(2027, 1, 15, 18, 30), tick=False):  # aviso planned Mon 09:30
        n = _emitir(oficina, patron_a.rfc, "k-sin-medios")
        Medio.objects.filter(buzon=buzon).update(estado=Medio.Estado.CANCELADO)
    with time_machine.travel(zc(2027, 1, 18, 9, 30), tick=False):
        assert despachar_avisos() == 1
    n.refresh_from_db()
    assert n.ruta == Notificacion.Ruta.ESTRADOS and n.aviso is None and n.vence is None
    # CFF 139: published Mon 18 Jan; días hábiles 19, 20, 21, 22, 25, 26, 27, 28, 29 Jan (1st to
    # 9th), Mon 1 Feb is a statutory rest day (first Monday of February), so the 10th is Tue 2 Feb
    # and the notification date the 11th, Wed 3 Feb 2027 (00:00 [I-28]).
    assert n.estrados_publicada == date(2027, 1, 18)
    assert n.estrados_fin == date(2027, 2, 2)
    assert n.estrados_notificada == zc(2027, 2, 3)
    assert not Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:").exists()
    evento = Evento.objects.get(notificacion=n, tipo="reencaminada")
    assert evento.datos["razon"] == "sin_medios" and "7.8" in evento.datos["fundamento"]
    assert situacion_de(n, zc(2027, 1, 25, 9, 30)).estado == EN_ESTRADOS


@pytest.mark.parametrize(
    ("entrada", "ruta", "estado"),
    [
        pytest.param("2024-08-06", Notificacion.Ruta.ESTRADOS, EN_ESTRADOS, id="tras-180-dias"),
        pytest.param("2026-12-01", Notificacion.Ruta.PERSONAL, REQUIERE_PERSONAL, id="en-180-dias"),
    ],
)
def test_sin_aceptacion_en_24_horas_se_reencamina(
    notificador: Funcionario,
    patron_a: Patron,
    settings: Any,
    entrada: str,
    ruta: str,
    estado: str,
) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = entrada
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    t0 = zc(2027, 1, 19, 10)
    _proveedores_caidos(settings)
    with time_machine.travel(t0, tick=False):
        n = _emitir(oficina, patron_a.rfc, "k-caidos")
        resumen = entregar_todo()
        assert (resumen.enviados, resumen.reintentos) == (0, 2)
    with time_machine.travel(t0 + timedelta(hours=23, minutes=59), tick=False):
        assert reencaminar_sin_aceptar() == 0
        assert sellar_constancias() == 0
        assert particular.lista() == []
    with time_machine.travel(t0 + timedelta(hours=24), tick=False):
        assert reencaminar_sin_aceptar() == 1
        assert reencaminar_sin_aceptar() == 0
        assert sellar_constancias() == 1
    n.refresh_from_db()
    assert (n.ruta, n.aviso, n.vence) == (ruta, None, None)
    assert situacion_de(n, zc(2027, 1, 25)).estado == estado
    evento = Evento.objects.get(notificacion=n, tipo="reencaminada")
    assert evento.datos["razon"] == "sin_aceptacion"
    constancia = Acuse.objects.get(folio=n.acuse_aviso)
    assert constancia.datos["aviso"] is None and len(constancia.datos["medios"]) == 2
    assert all("sin aceptar" in linea for linea in constancia.datos["medios"])
    # A provider accepting afterwards changes nothing: recorded only.
    settings.BUZON_EMAIL_URL = settings.BUZON_SMS_URL = "console:"
    with time_machine.travel(t0 + timedelta(days=2), tick=False):
        Mensaje.objects.update(proximo_intento=t0)
        assert entregar_todo().enviados == 2
    n.refresh_from_db()
    assert (n.ruta, n.aviso, n.vence) == (ruta, None, None)
    tardios = Evento.objects.filter(notificacion=n, tipo="aviso_enviado")
    assert tardios.count() == 2 and all("sin_efecto" in e.datos for e in tardios)


def test_primer_medio_a_t1_segundo_a_t2_el_aviso_es_t1(
    notificador: Funcionario, patron_a: Patron, settings: Any, pasarela: Any
) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    t1 = zc(2027, 1, 19, 10)
    t2 = t1 + timedelta(minutes=1)
    pasarela.estado = 503  # the SMS gateway is down at first; email (console) accepts at once
    with time_machine.travel(t1, tick=False):
        n = _emitir(oficina, patron_a.rfc, "k-dos")
        entregar_todo()
        assert sellar_constancias() == 0  # the SMS has no final result yet
    pasarela.estado = 202
    with time_machine.travel(t2, tick=False):
        assert entregar_todo().enviados == 1
        assert sellar_constancias() == 1
    n.refresh_from_db()
    assert n.aviso == n.aviso_enviado == t1
    assert n.vence == zc(2027, 1, 25, 9, 30)
    constancia = Acuse.objects.get(folio=n.acuse_aviso)
    assert constancia.instante_legal == t1
    assert constancia.datos["destinatario_rfc"] == patron_a.rfc
    sms, correo = constancia.datos["medios"]  # in the order of the medios: celular, correo
    assert correo.startswith("correo patron@example.com: aceptado por el proveedor el ")
    assert t1.isoformat() in correo
    assert sms.startswith("celular ") and "aceptado" in sms and t2.isoformat() in sms
    assert "código 202" in sms


def test_el_vencimiento_nunca_existe_sin_un_mensaje_aceptado(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(zc(2027, 1, 19, 10), tick=False):
        n = _emitir(Oficina(notificador), patron_a.rfc, "k-nunca")
    n.refresh_from_db()
    assert n.vence is None
    with time_machine.travel(zc(2027, 1, 19, 10, 5), tick=False):
        assert avisar() == 0  # already dispatched by the API; now accepted
    n.refresh_from_db()
    assert n.aviso == zc(2027, 1, 19, 10, 5)
    assert Mensaje.objects.filter(
        clave__startswith=f"aviso:{n.folio}:", estado=Mensaje.Estado.ENVIADO
    ).exists()
