"""6.1, 7.7: documents are kept five years, then removed unless a legal hold keeps them; the
notification's record, its timeline and its acuses stay, and the acuses still verify [I-17]."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.evidencia import almacen
from buzon.evidencia.models import Acuse
from buzon.notificaciones.ciclo.conservacion import depurar
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.models import Evento, Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, Particular, zc
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)  # deemed at 09:30 of 22 January 2027: kept until 22 January 2032
DESPUES = zc(2032, 1, 23, 3)  # the retention job's night, five years on


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def test_depurar_quita_el_documento_vencido_y_respeta_retenciones(
    notificador: Funcionario,
    supervisor: Funcionario,
    patron_a: Patron,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2026-12-01"  # SIN_BUZON: the personal way, never made
    habilitar(patron_a.rfc)
    oficina, supervision, particular = (
        Oficina(notificador),
        Oficina(supervisor),
        Particular(patron_a),
    )
    pdfs = {clave: pdf_de_prueba(f"Conservación {clave}") for clave in ("vence", "retenida", "p")}
    compartido = pdf_de_prueba("Conservación compartida")
    with time_machine.travel(LUNES, tick=False):
        ids = {
            clave: oficina.emitir(patron_a.rfc, clave, pdfs[clave]).json()["id"]
            for clave in ("vence", "retenida")
        }
        ids["pendiente"] = oficina.emitir("MAPE800101AB1", "p", pdfs["p"]).json()["id"]
        # The same document in two notifications: removed only when neither keeps it.
        ids["compartida"] = oficina.emitir(patron_a.rfc, "c1", compartido).json()["id"]
        ids["compartida_retenida"] = oficina.emitir(patron_a.rfc, "c2", compartido).json()["id"]
        hold = f"/api/v1/oficina/notificaciones/{ids['retenida']}/retencion"
        negada = oficina.post(hold, {"retener": True, "motivo": "Juicio 12/2027"})
        assert (negada.status_code, negada.json()["error"]) == (403, "sin_permiso")
        for clave in ("retenida", "compartida_retenida"):
            respuesta = supervision.post(
                f"/api/v1/oficina/notificaciones/{ids[clave]}/retencion",
                {"retener": True, "motivo": "Juicio de nulidad 12/2027"},
            )
            assert respuesta.status_code == 200, respuesta.content
            assert respuesta.json()["retencion_legal"] is True
            assert respuesta.json()["eventos"][-1]["tipo"] == "retencion_legal"
    with time_machine.travel(zc(2027, 1, 22, 9, 30), tick=False):
        assert barrer_notificaciones() == 4
    n = Notificacion.objects.get(pk=ids["vence"])
    assert n.conservar_hasta == date(2032, 1, 22)
    acuse = Acuse.objects.get(folio=n.acuse)
    # The day it is due it is still kept; the day after, removed.
    with django_capture_on_commit_callbacks(execute=True):
        assert depurar(zc(2032, 1, 22, 23, 59)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert depurar(DESPUES) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert depurar(DESPUES) == 0
    depuradas = set(
        Notificacion.objects.filter(depurada__isnull=False).values_list("pk", flat=True)
    )
    assert depuradas == {ids["vence"], ids["compartida"]}
    assert not almacen.existe(n.documento_sha256)
    for clave in ("retenida", "pendiente", "compartida_retenida"):
        assert almacen.existe(Notificacion.objects.get(pk=ids[clave]).documento_sha256), clave
    [evento] = Evento.objects.filter(notificacion=n, tipo="depurada")
    assert evento.datos == {"conservar_hasta": "2032-01-22"}
    with time_machine.travel(zc(2027, 2, 1, 10), tick=False):
        for respuesta in (
            particular.documento(ids["vence"]),
            oficina.get(f"/api/v1/oficina/notificaciones/{ids['vence']}/documento"),
        ):
            assert (respuesta.status_code, respuesta.json()["error"]) == (410, "depurado")
        assert particular.documento(ids["retenida"]).content == pdfs["retenida"]
        assert particular.documento(ids["compartida_retenida"]).content == compartido
        # The acuse is evidence and stays verifiable, naming the removed document's hash.
        verificacion = Client().get(
            f"/api/v1/verificacion/{acuse.folio}?c={acuse.codigo_verificacion}"
        )
        assert verificacion.json()["valido"] is True
        assert verificacion.json()["sha256"] == [n.documento_sha256]
        assert particular.get(f"/api/v1/acuses/{acuse.folio}/pdf").status_code == 200
        # A removed document can no longer be held.
        tarde = supervision.post(
            f"/api/v1/oficina/notificaciones/{ids['vence']}/retencion",
            {"retener": True, "motivo": "Otro juicio"},
        )
        assert (tarde.status_code, tarde.json()["error"]) == (409, "depurada")
        # Lifting the hold lets the next run remove it.
        levantada = supervision.post(
            f"/api/v1/oficina/notificaciones/{ids['retenida']}/retencion",
            {"retener": False, "motivo": "Sentencia firme"},
        )
        assert levantada.json()["eventos"][-1]["tipo"] == "retencion_levantada"
    with django_capture_on_commit_callbacks(execute=True):
        assert depurar(DESPUES) == 1
    assert not almacen.existe(Notificacion.objects.get(pk=ids["retenida"]).documento_sha256)
    assert Notificacion.objects.get(pk=ids["pendiente"]).depurada is None


def test_una_cancelada_se_depura_a_los_cinco_anios_de_emitida(
    notificador: Funcionario,
    supervisor: Funcionario,
    patron_a: Patron,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        n_id = (
            Oficina(notificador)
            .emitir(patron_a.rfc, "k", pdf_de_prueba("Conservación cancelada"))
            .json()["id"]
        )
        assert Oficina(supervisor).cancelar(n_id).status_code == 200
    n = Notificacion.objects.get(pk=n_id)
    assert n.conservar_hasta == date(2032, 1, 18)
    with django_capture_on_commit_callbacks(execute=True):
        assert depurar(zc(2032, 1, 19, 3)) == 1
    assert not almacen.existe(n.documento_sha256)
    assert Acuse.objects.filter(folio=n.acuse_cancelacion).exists()
