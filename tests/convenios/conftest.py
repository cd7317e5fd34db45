"""An agency with an institutional certificate (a CSD of the test PKI), its convenio, and the
client assertions it signs (RFC 7523) to get tokens."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import timezone

from buzon.convenios import jws
from buzon.convenios.models import Convenio
from buzon.convenios.servicios import (
    TIPO_ASERCION,
    DatosConvenio,
    audiencia,
    do_registrar_convenio,
    hoy,
)
from tests.cuentas.fixtures import Patron

RFC_DEPENDENCIA = "SAT970701NN3"
TOKEN = "/api/v1/convenios/token"
OPINIONES = "/api/v1/convenios/opiniones"


def rfcs_validos(cuantos: int, prefijo: str = "AAA") -> list[str]:
    """Distinct well-formed RFCs of personas morales (a date as YYMMDD, then a homoclave)."""
    inicio = date(1990, 1, 1)
    return [f"{prefijo}{inicio + timedelta(days=i):%y%m%d}A{i % 10}{i % 7}" for i in range(cuantos)]


@dataclass
class Agencia:
    patron: Patron
    convenio: Convenio

    def asercion(
        self,
        *,
        reclamos: dict[str, Any] | None = None,
        encabezado: dict[str, Any] | None = None,
        sin: tuple[str, ...] = (),
    ) -> str:
        ahora = int(timezone.now().timestamp())
        datos: dict[str, Any] = {
            "iss": self.convenio.cliente,
            "sub": self.convenio.cliente,
            "aud": audiencia(),
            "iat": ahora,
            "exp": ahora + 60,
            "jti": str(uuid.uuid4()),
        }
        datos.update(reclamos or {})
        for nombre in sin:
            datos.pop(nombre, None)
        cabeza = {"x5c": [base64.b64encode(self.patron.cer).decode()], **(encabezado or {})}
        return jws.firmar(self.patron.llave, datos, cabeza)

    def pedir_token(self, cliente: Client, asercion: str | None = None, **extra: str) -> Any:
        formulario = {
            "grant_type": "client_credentials",
            "client_assertion_type": TIPO_ASERCION,
            "client_assertion": asercion if asercion is not None else self.asercion(),
            "scope": "opinion",
            **extra,
        }
        return cliente.post(
            TOKEN, urlencode(formulario), content_type="application/x-www-form-urlencoded"
        )

    def token(self, cliente: Client) -> str:
        respuesta = self.pedir_token(cliente)
        assert respuesta.status_code == 200, respuesta.content
        return str(respuesta.json()["access_token"])


@pytest.fixture
def dependencia(hacer_patron: Callable[..., Patron]) -> Patron:
    return hacer_patron(RFC_DEPENDENCIA, tipo="csd", nombre="SERVICIO DE ADMINISTRACION TRIBUTARIA")


@pytest.fixture
def hacer_agencia(dependencia: Patron, db: None) -> Callable[..., Agencia]:
    def hacer(**cambios: Any) -> Agencia:
        datos: dict[str, Any] = {
            "dependencia": "Servicio de Administración Tributaria",
            "rfc": RFC_DEPENDENCIA,
            "fundamento": "CFF art. 32-D; convenio de colaboración IMSS-SAT",
            "finalidad": "Verificar a proveedores antes de contratar",
            "vigente_desde": hoy() - timedelta(days=30),
            "vigente_hasta": hoy() + timedelta(days=365),
            "cuota_diaria": 5000,
            "certificados": [dependencia.cer],
        }
        datos.update(cambios)
        convenio = do_registrar_convenio(DatosConvenio(**datos), por="ROCA700101AB3")
        return Agencia(dependencia, convenio)

    return hacer


@pytest.fixture
def agencia(hacer_agencia: Callable[..., Agencia]) -> Agencia:
    return hacer_agencia()
