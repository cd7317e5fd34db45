"""A real local SMTP server (aiosmtpd) and a local HTTP SMS gateway, both on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.red import puerto_libre


@dataclass
class ServidorSMTP:
    puerto: int
    recibidos: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    #: Reply to RCPT TO (e.g. "550 5.1.1 no existe"); None accepts.
    rechazar_destinatario: str | None = None
    #: Reply to DATA (e.g. "451 4.3.0 intente después"); None accepts.
    responder_datos: str | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, _o: Any):
        if self.rechazar_destinatario:
            return self.rechazar_destinatario
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.responder_datos:
            return self.responder_datos
        correo = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(correo, EmailMessage)
        self.recibidos.append((envelope.mail_from, list(envelope.rcpt_tos), correo))
        return "250 2.0.0 recibido"

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.puerto}"


@pytest.fixture
def smtp(settings: Any) -> Iterator[ServidorSMTP]:
    servidor = ServidorSMTP(puerto_libre())
    controlador = Controller(servidor, hostname="127.0.0.1", port=servidor.puerto)
    controlador.start()
    settings.BUZON_EMAIL_URL = servidor.url
    try:
        yield servidor
    finally:
        controlador.stop()


@dataclass
class PasarelaSMS:
    servidor: ThreadingHTTPServer
    recibidos: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)
    estado: int = 202
    respuesta: str = '{"id": "sms-1", "estado": "en_cola"}'
    cerrojo: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.servidor.server_address[1]}/v1/sms"


@pytest.fixture
def pasarela(settings: Any) -> Iterator[PasarelaSMS]:
    estado: dict[str, PasarelaSMS] = {}

    class Manejador(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            sink = estado["p"]
            largo = int(self.headers.get("Content-Length", "0"))
            cuerpo = json.loads(self.rfile.read(largo))
            with sink.cerrojo:
                sink.recibidos.append(({k.lower(): v for k, v in self.headers.items()}, cuerpo))
            datos = sink.respuesta.encode()
            self.send_response(sink.estado)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(datos)))
            self.end_headers()
            self.wfile.write(datos)

        def log_message(self, *args: Any) -> None:
            pass

    servidor = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
    sink = estado["p"] = PasarelaSMS(servidor)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    settings.BUZON_SMS_URL = sink.url
    settings.BUZON_SMS_AUTH = "Bearer secreto-de-prueba"
    try:
        yield sink
    finally:
        servidor.shutdown()
        servidor.server_close()
