"""The notification's life through the API: issue, aviso, open, download, deemed, idempotency."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from buzon.avisos.models import Mensaje
from buzon.evidencia.models import Acuse
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.models import Evento, Notificacion
from tests.notificaciones.fixtures import habilitar, pdf_de_prueba, sesion_particular

pytestmark = pytest.mark.django_db(transaction=False)

# Friday 15 January 2027, 10:00 Zona Centro: inside the hours of a día hábil (the test
# certificates are valid from 30 days before today to a year after).
VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)


def test_ciclo_completo_por_apertura(notificador, patron_a, patron_b):
    habilitar(patron_a.rfc)
    with time_machine.travel(VIERNES, tick=False):
        respuesta = notificador.emitir(patron_a.rfc, "clave-1")
        assert respuesta.status_code == 201, respuesta.content
        cuerpo = respuesta.json()
        # Answered before any provider accepted: programada, planned for now [I-35].
        assert (cuerpo["estado"], cuerpo["aviso"]) == ("programada", None)
        assert cuerpo["aviso_programado"] == "2027-01-15T10:00:00-06:00"
        n = Notificacion.objects.get(pk=cuerpo["id"])
        assert n.aviso == VIERNES  # the console providers accepted at once (emitir delivers)
        assert sellar_constancias() == 1
        n.refresh_from_db()
        constancia = Acuse.objects.get(folio=n.acuse_aviso)
        assert constancia.tipo == "constancia_aviso"
        assert constancia.instante_legal == VIERNES
        assert [m.split(":")[0] for m in constancia.datos["medios"]] == [
            "celular 5512345678",
            "correo patron@example.com",
        ]
        assert Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}").count() == 2

        cliente, auth = sesion_particular(patron_a)
        lista = cliente.get("/api/v1/notificaciones", **auth).json()["notificaciones"]
        assert [x["folio"] for x in lista] == [n.folio]
        assert lista[0]["estado"] == "pendiente"
        assert lista[0]["plazo_apertura"] == ["2027-01-18", "2027-01-19", "2027-01-20"]
        assert lista[0]["medio"] is None
        antes = cliente.get(f"/api/v1/notificaciones/{n.pk}/documento", **auth)
        assert antes.status_code == 409
        assert antes.json()["error"] == "no_abierta"

        otro, auth_b = sesion_particular(patron_b)
        assert otro.post(f"/api/v1/notificaciones/{n.pk}/apertura", **auth_b).status_code == 404
        assert otro.get(f"/api/v1/notificaciones/{n.pk}/documento", **auth_b).status_code == 404

        abierta = cliente.post(f"/api/v1/notificaciones/{n.pk}/apertura", **auth)
        assert abierta.status_code == 200, abierta.content
        datos = abierta.json()
        assert datos["medio"] == "apertura"
        assert datos["notificada"] == "2027-01-15T10:00:00-06:00"
        assert datos["acuse"]["tipo"] == "notificacion"
        otra_vez = cliente.post(f"/api/v1/notificaciones/{n.pk}/apertura", **auth).json()
        assert otra_vez["acuse"]["folio"] == datos["acuse"]["folio"]
        documento = cliente.get(f"/api/v1/notificaciones/{n.pk}/documento", **auth)
        assert documento.status_code == 200
        assert documento["Content-Type"] == "application/pdf"
        assert documento.content == pdf_de_prueba(f"Acto para {patron_a.rfc}")
    tipos = set(Evento.objects.filter(notificacion=n).values_list("tipo", flat=True))
    assert {
        "creada",
        "firma_verificada",
        "enrutada",
        "aviso_enviado",
        "constancia_aviso",
        "abierta",
        "notificada",
    } <= tipos


def test_por_vencimiento_sin_barrido_y_barrido_idempotente(notificador, patron_a):
    habilitar(patron_a.rfc)
    with time_machine.travel(VIERNES, tick=False):
        n_id = notificador.emitir(patron_a.rfc, "clave-v").json()["id"]
    # d1..d3 = 18, 19, 20 January; deemed at 09:30 of the 21st, with no sweep run.
    with time_machine.travel(datetime(2027, 1, 21, 9, 29, 59, tzinfo=ZONA_CENTRO), tick=False):
        cliente, auth = sesion_particular(patron_a)
        item = cliente.get("/api/v1/notificaciones", **auth).json()["notificaciones"][0]
        assert item["estado"] == "pendiente"
    with time_machine.travel(datetime(2027, 1, 21, 9, 30, tzinfo=ZONA_CENTRO), tick=False):
        item = cliente.get("/api/v1/notificaciones", **auth).json()["notificaciones"][0]
        assert item["estado"] == "notificada"
        assert item["medio"] == "vencimiento"
        assert item["notificada"] == "2027-01-21T09:30:00-06:00"
        documento = cliente.get(f"/api/v1/notificaciones/{n_id}/documento", **auth)
        assert documento.status_code == 200
        assert barrer_notificaciones() == 1
        assert barrer_notificaciones() == 0
        n = Notificacion.objects.get(pk=n_id)
        assert Acuse.objects.get(folio=n.acuse).tipo == "notificacion_por_vencimiento"
        # Opening after the deemed instant returns the vencimiento acuse.
        abierta = cliente.post(f"/api/v1/notificaciones/{n_id}/apertura", **auth).json()
        assert abierta["medio"] == "vencimiento"
        assert abierta["acuse"]["folio"] == n.acuse


def test_idempotencia(notificador, patron_a):
    habilitar(patron_a.rfc)
    pdf = pdf_de_prueba("uno")
    primera = notificador.cliente.post(
        "/api/v1/oficina/notificaciones",
        notificador.solicitud(patron_a.rfc, pdf),
        content_type="application/json",
        **notificador.encabezados("k"),
    )
    segunda = notificador.cliente.post(
        "/api/v1/oficina/notificaciones",
        notificador.solicitud(patron_a.rfc, pdf),
        content_type="application/json",
        **notificador.encabezados("k"),
    )
    assert primera.status_code == segunda.status_code == 201
    assert primera.json() == segunda.json()
    otra = notificador.cliente.post(
        "/api/v1/oficina/notificaciones",
        notificador.solicitud(patron_a.rfc, pdf_de_prueba("dos")),
        content_type="application/json",
        **notificador.encabezados("k"),
    )
    assert otra.status_code == 422
    assert otra.json()["error"] == "idempotencia_conflicto"
    assert Notificacion.objects.count() == 1
