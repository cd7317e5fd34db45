"""Officials with e.firmas, enabled mailboxes, signed PDFs: what notification tests need."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from buzon.avisos.entrega import entregar_todo
from buzon.habilitacion.models import Buzon, Medio
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import do_alta_oficial
from tests.cuentas.fixtures import Patron, entrar

RFC_NOTIFICADOR = "GOMA800101AB6"
RFC_SUPERVISOR = "PELJ750505AB1"


def pdf_de_prueba(texto: str = "Documento de prueba") -> bytes:
    """A real one-page PDF (ReportLab), different for each text."""
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, invariant=True)
    lienzo.drawString(72, 720, texto)
    lienzo.save()
    return salida.getvalue()


@dataclass
class Funcionario:
    patron: Patron
    oficial: Oficial
    cliente: Client

    def encabezados(self, clave: str | None = None) -> dict[str, Any]:
        """A fresh session each time: tests travel in time and sessions expire after 15 min."""
        datos: dict[str, Any] = {
            "HTTP_AUTHORIZATION": f"Bearer {entrar_oficial(self.cliente, self.patron)}"
        }
        if clave is not None:
            datos["HTTP_IDEMPOTENCY_KEY"] = clave
        return datos

    def solicitud(self, rfc: str, pdf: bytes | None = None, **extra: Any) -> dict[str, Any]:
        documento = pdf if pdf is not None else pdf_de_prueba(f"Acto para {rfc}")
        return {
            "rfc": rfc,
            "tipo": "7.1",
            "asunto": f"Resolución para {rfc}",
            "documento": base64.b64encode(documento).decode(),
            "firma": self.patron.firmar(documento),
            **extra,
        }

    def emitir(self, rfc: str, clave: str, *, entregar: bool = True, **extra: Any) -> Any:
        """Issue; then (`entregar`) deliver the outbox now, as `buzon servir`'s delivery thread
        does after the commit (the aviso instant is the provider's acceptance [I-35])."""
        respuesta = self.cliente.post(
            "/api/v1/oficina/notificaciones",
            self.solicitud(rfc, **extra),
            content_type="application/json",
            **self.encabezados(clave),
        )
        if entregar:
            entregar_todo()
        return respuesta


def entrar_oficial(cliente: Client, patron: Patron) -> str:
    reto = cliente.post("/api/v1/sesiones/reto").json()["reto"]
    respuesta = cliente.post(
        "/api/v1/sesiones",
        {
            "certificado": base64.b64encode(patron.cer).decode(),
            "reto": reto,
            "firma": patron.firmar(reto.encode()),
            "perfil": "servidor_publico",
        },
        content_type="application/json",
    )
    assert respuesta.status_code == 201, respuesta.content
    return str(respuesta.json()["token"])


@pytest.fixture
def hacer_funcionario(
    hacer_patron: Callable[..., Patron], sello: object
) -> Callable[..., Funcionario]:
    def hacer(
        rfc: str = RFC_NOTIFICADOR, rol: str = "notificador", subdelegacion: str = "Centro"
    ) -> Funcionario:
        patron = hacer_patron(rfc, nombre=f"SERVIDOR {rfc}")
        oficial = do_alta_oficial(
            rfc=rfc, nombre=f"Servidor {rfc}", rol=rol, subdelegacion=subdelegacion
        ).oficial
        return Funcionario(patron, oficial, Client())

    return hacer


@pytest.fixture
def notificador(hacer_funcionario: Callable[..., Funcionario]) -> Funcionario:
    return hacer_funcionario()


@pytest.fixture
def supervisor(hacer_funcionario: Callable[..., Funcionario]) -> Funcionario:
    return hacer_funcionario(RFC_SUPERVISOR, "supervisor")


def habilitar(
    rfc: str,
    *,
    correo: str = "patron@example.com",
    celular: str = "5512345678",
    en: datetime | None = None,
) -> Buzon:
    """An enabled mailbox (5.4, 5.6): confirmed email and mobile, terms accepted."""
    momento = en or timezone.now() - timedelta(days=1)
    buzon, _ = Buzon.objects.get_or_create(
        rfc=rfc, defaults={"nombre": f"PATRON {rfc}", "creado": momento}
    )
    for tipo, valor in ((Medio.Tipo.CORREO, correo), (Medio.Tipo.CELULAR, celular)):
        Medio.objects.create(
            buzon=buzon,
            tipo=tipo,
            valor=valor,
            estado=Medio.Estado.CONFIRMADO,
            registrado_en=momento,
            expira=momento + timedelta(hours=72),
            confirmado_en=momento,
        )
    buzon.terminos_aceptados_en = momento
    buzon.fuente_habilitacion = Buzon.Fuente.TERMINOS
    buzon.save()
    return buzon


def sesion_particular(patron: Patron) -> tuple[Client, dict[str, Any]]:
    cliente = Client()
    return cliente, {"HTTP_AUTHORIZATION": f"Bearer {entrar(cliente, patron)}"}
