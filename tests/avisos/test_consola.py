"""Issue 19: the console backends print no phone, address, code or body in clear (consoles end
up in logs); `console:completo` prints everything, for a demonstration on one's own machine.
And `buzon servir`'s access log keeps the path only: no query string (RFCs, codes), no referer."""

from __future__ import annotations

import io
import sys
from typing import Any, ClassVar

import pytest
from django.core.mail import EmailMessage

from buzon.avisos import backends
from buzon.avisos.models import Mensaje
from buzon.avisos.plantillas import correo_codigo, sms_codigo
from buzon.comun.mascaras import enmascarar_texto

RFC = "XIQB891116QE4"


def _mensaje(canal: str, destino: str, asunto: str, cuerpo: str) -> Mensaje:
    return Mensaje(
        pk=7, canal=canal, destino=destino, asunto=asunto, cuerpo=cuerpo, huella="a" * 64
    )


def test_sms_en_consola_enmascarado(monkeypatch: pytest.MonkeyPatch) -> None:
    salida = io.StringIO()
    monkeypatch.setattr(sys, "stdout", salida)
    cuerpo = sms_codigo("ROSA RUIZ", RFC, "482913")
    enviador = backends.enviador_sms("console:")
    assert enviador.enviar(_mensaje("sms", "+525512349876", "", cuerpo)).aceptado
    linea = salida.getvalue()
    assert "******9876" in linea and f"{len(cuerpo)} caracteres" in linea
    for secreto in ("5512349876", "482913", "ROSA", RFC[:6]):
        assert secreto not in linea
    completo = io.StringIO()
    monkeypatch.setattr(sys, "stdout", completo)
    backends.enviador_sms("console:completo").enviar(_mensaje("sms", "+525512349876", "", cuerpo))
    assert "482913" in completo.getvalue() and "+525512349876" in completo.getvalue()


def test_correo_en_consola_enmascarado(monkeypatch: pytest.MonkeyPatch) -> None:
    salida = io.StringIO()
    monkeypatch.setattr(sys, "stdout", salida)
    texto = correo_codigo("ROSA RUIZ", RFC, "482913")
    conexion = backends.conexion_correo("console:")
    respuesta = backends.enviar_correo(
        conexion, _mensaje("correo", "rosa.ruiz@acme.mx", texto.asunto, texto.cuerpo)
    )
    assert respuesta.aceptado
    linea = salida.getvalue()
    assert linea.count("\n") == 1 and "r***@acme.mx" in linea
    for secreto in ("rosa.ruiz", "482913", RFC, "ROSA RUIZ", texto.cuerpo[:40]):
        assert secreto not in linea
    assert f"{len(texto.cuerpo)} caracteres" in linea


def test_la_consola_completa_es_la_de_django(monkeypatch: pytest.MonkeyPatch) -> None:
    salida = io.StringIO()
    conexion = backends.conexion_correo("console:completo")
    conexion.stream = salida  # type: ignore[attr-defined]
    conexion.send_messages([EmailMessage("Asunto 482913", "Cuerpo", "a@b.mx", ["c@d.mx"])])
    assert "482913" in salida.getvalue() and "c@d.mx" in salida.getvalue()


def test_enmascarar_texto() -> None:
    texto = "Código 482913 para rosa@acme.mx, RFC XIQB891116QE4, CURP XIQB891116MGRMZR05."
    enmascarado = enmascarar_texto(texto)
    assert enmascarado == (
        "Código ****** para r***@acme.mx, RFC XIQ*******QE4, CURP XIQ************R05."
    )


def test_el_registro_de_accesos_no_lleva_consultas() -> None:
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from buzon.sistema.management.commands.servir import FORMATO_ACCESO

    for prohibido in ("%(r)s", "%(q)s", "%(f)s", "%(u)s"):
        assert prohibido not in FORMATO_ACCESO
    config = Config()
    config.set("access_log_format", FORMATO_ACCESO)
    registro = Logger(config)

    class Respuesta:
        status = "200 OK"
        sent = 12
        headers: ClassVar[list[tuple[str, str]]] = []

    class Peticion:
        headers: ClassVar[list[tuple[str, str]]] = []

    entorno: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/verificar/2027-AB?c=CODIGO123&rfc=XIQB891116QE4",
        "PATH_INFO": "/verificar/2027-AB",
        "QUERY_STRING": "c=CODIGO123&rfc=XIQB891116QE4",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": "https://buzon/verificar/2027-AB?c=CODIGO123",
        "HTTP_USER_AGENT": "prueba",
    }
    import datetime

    atomos = registro.atoms(Respuesta(), Peticion(), entorno, datetime.timedelta(seconds=0.01))
    linea = FORMATO_ACCESO % atomos
    assert '"GET /verificar/2027-AB HTTP/1.1" 200' in linea
    assert "CODIGO123" not in linea and "XIQB891116QE4" not in linea
