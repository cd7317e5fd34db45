"""The library's fixtures: an administrador, the texts, the evidence event type (pedido 1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from buzon.evidencia import bitacora
from buzon.normatividad.biblioteca_demo import CARPETA
from buzon.normatividad.servicios import EVENTO, Alta, ResultadoAlta, do_agregar_version
from buzon.oficina.servicios import do_alta_oficial
from tests.cuentas.fixtures import Patron
from tests.notificaciones.fixtures import entrar_oficial

ADMINISTRADOR = "XOJI740919U48"
NOTIFICADOR = "GOMA800101AB6"
COMPARTIDA = Path("/work/shared/normas")


@pytest.fixture(autouse=True)
def _tipo_de_evento(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until `norma_agregada` is in the evidence log's closed list (pedido 1), add it here."""
    if EVENTO not in bitacora.TIPOS:
        monkeypatch.setattr(bitacora, "TIPOS", bitacora.TIPOS | {EVENTO})


@pytest.fixture
def administrador(db: None) -> str:
    do_alta_oficial(
        rfc=ADMINISTRADOR, nombre="Admin Prueba", rol="administrador", subdelegacion="Centro"
    )
    return ADMINISTRADOR


def texto_incluido(nombre: str) -> str:
    return (CARPETA / nombre).read_text("utf-8")


def alta(clave: str = "cff", **cambios: object) -> Alta:
    datos: dict[str, object] = {
        "clave": clave,
        "tipo": "codigo",
        "nombre": "Código Fiscal de la Federación",
        "fecha_dof": date(2021, 11, 12),
        "fuente_dof": "DOF 12-11-2021",
        "vigente_desde": None,
    }
    datos.update(cambios)
    return Alta(**datos)  # type: ignore[arg-type]


@pytest.fixture
def cff(administrador: str) -> ResultadoAlta:
    return do_agregar_version(alta(), texto_incluido("cff-extractos.txt"), por=administrador)


@pytest.fixture
def sesion_oficial(
    hacer_patron: Callable[..., Patron], db: None
) -> Callable[[str, str], tuple[Client, str]]:
    """(client, token) of an official with that RFC and role, logged in through the API."""

    def hacer(rfc: str, rol: str) -> tuple[Client, str]:
        do_alta_oficial(rfc=rfc, nombre=f"Oficial {rfc}", rol=rol, subdelegacion="Centro")
        cliente = Client()
        return cliente, entrar_oficial(cliente, hacer_patron(rfc))

    return hacer
