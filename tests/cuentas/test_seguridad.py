"""Issue 19: refused logins and refused authorisations are structured security events (logger
`buzon.seguridad`): code, masked RFC, certificate number, IP, profile; never the RFC in clear."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.efirma import leer_certificado
from tests.cuentas.fixtures import Patron, entrar
from tests.notificaciones.fixtures import Funcionario

pytestmark = pytest.mark.django_db


def _eventos(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    eventos = []
    for r in caplog.records:
        if r.name == "buzon.seguridad":
            datos = r.seguridad  # type: ignore[attr-defined]
            assert json.loads(r.getMessage()) == datos  # the message is the same JSON object
            eventos.append(datos)
    return eventos


def _intento(cliente: Client, patron: Patron, firma: str | None = None, **extra: Any) -> Any:
    reto = cliente.post("/api/v1/sesiones/reto").json()["reto"]
    return cliente.post(
        "/api/v1/sesiones",
        {
            "certificado": base64.b64encode(patron.cer).decode(),
            "reto": reto,
            "firma": firma or patron.firmar(reto.encode()),
            **extra,
        },
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
    )


def test_un_inicio_rechazado_es_un_evento(
    client: Client, patron_a: Patron, caplog: pytest.LogCaptureFixture
) -> None:
    numero = leer_certificado(patron_a.cer).no_certificado
    with caplog.at_level(logging.WARNING, logger="buzon.seguridad"):
        mala = _intento(client, patron_a, firma=patron_a.firmar(b"otra cosa"))
        assert mala.status_code == 401
        oficial = _intento(client, patron_a, perfil="servidor_publico")
        assert oficial.status_code == 403
        basura = client.post(
            "/api/v1/sesiones",
            {"certificado": "no-es-base64!", "reto": "x", "firma": "AA=="},
            content_type="application/json",
        )
        assert basura.status_code == 401
        assert _intento(client, patron_a).status_code == 201  # a success is not an event
    eventos = _eventos(caplog)
    assert [(e["evento"], e["codigo"]) for e in eventos] == [
        ("inicio_rechazado", mala.json()["error"]),
        ("inicio_rechazado", "perfil_no_autorizado"),
        ("inicio_rechazado", "certificado_invalido"),
    ]
    primero = eventos[0]
    assert primero["rfc"] == patron_a.rfc[:3] + "*" * (len(patron_a.rfc) - 6) + patron_a.rfc[-3:]
    assert primero["no_certificado"] == numero
    assert (primero["ip"], primero["perfil"]) == ("203.0.113.7", "particular")
    assert (primero["metodo"], primero["ruta"]) == ("POST", "/api/v1/sesiones")
    assert eventos[1]["perfil"] == "servidor_publico"
    assert eventos[2]["rfc"] is None and eventos[2]["no_certificado"] is None
    assert patron_a.rfc not in caplog.text


def test_demasiados_intentos_es_un_evento(
    client: Client, patron_a: Patron, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.BUZON_LIMITE_SESIONES = 1
    assert _intento(client, patron_a).status_code == 201
    with caplog.at_level(logging.WARNING, logger="buzon.seguridad"):
        assert _intento(client, patron_a).status_code == 429
    assert [e["codigo"] for e in _eventos(caplog)] == ["demasiados_intentos"]


def test_el_inicio_en_la_pagina_tambien(
    client: Client, patron_a: Patron, caplog: pytest.LogCaptureFixture
) -> None:
    reto = "reto-que-no-existe"
    with caplog.at_level(logging.WARNING, logger="buzon.seguridad"):
        r = client.post(
            "/entrar/",
            {
                "certificado": base64.b64encode(patron_a.cer).decode(),
                "reto": reto,
                "firma": patron_a.firmar(reto.encode()),
            },
        )
    assert r.status_code == 400
    (evento,) = _eventos(caplog)
    assert evento["evento"] == "inicio_rechazado" and evento["ruta"] == "/entrar/"
    assert evento["no_certificado"] == leer_certificado(patron_a.cer).no_certificado


def test_una_autorizacion_rechazada_es_un_evento(
    client: Client,
    patron_a: Patron,
    hacer_funcionario: Callable[..., Funcionario],
    caplog: pytest.LogCaptureFixture,
) -> None:
    notificador = hacer_funcionario()
    token = entrar(client, patron_a)
    with caplog.at_level(logging.WARNING, logger="buzon.seguridad"):
        # No session, a bad token, a particular's token on an officials' operation (API).
        assert client.get("/api/v1/notificaciones").status_code == 401
        de_particular = {"Authorization": f"Bearer {token}"}
        assert (
            client.get("/api/v1/oficina/notificaciones", headers=de_particular).status_code == 401
        )
        # A particular's session on an officials' page; a notificador on the administrador's.
        pagina = Client()
        pagina.cookies[COOKIE] = token
        assert pagina.get("/oficina/notificaciones/").status_code == 302
        oficina = Client()
        oficina.cookies[COOKIE] = notificador.encabezados()["HTTP_AUTHORIZATION"].split()[1]
        assert oficina.get("/oficina/emisiones/").status_code == 403
    eventos = _eventos(caplog)
    assert [(e["evento"], e["codigo"]) for e in eventos] == [
        ("autorizacion_rechazada", "sesion_requerida"),
        ("autorizacion_rechazada", "sesion_requerida"),
        ("autorizacion_rechazada", "perfil_no_autorizado"),
        ("autorizacion_rechazada", "no_autorizado"),
    ]
    assert eventos[2]["perfil"] == "particular" and eventos[2]["rfc"].startswith(patron_a.rfc[:3])
    assert eventos[3]["perfil"] == "servidor_publico"
    assert eventos[3]["no_certificado"] == leer_certificado(notificador.patron.cer).no_certificado
    assert patron_a.rfc not in caplog.text and notificador.patron.rfc not in caplog.text
