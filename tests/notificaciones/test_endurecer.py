"""Issue 19: an official's `asunto` refuses control and bidi characters; `notificacion-personal`
checks the official may touch the notification before the acta is stored, and a failed write
leaves no temporary file."""

from __future__ import annotations

import base64
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.test import Client

from buzon.evidencia import almacen
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, zc
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)
RUTA = "/api/v1/oficina/notificaciones"


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


# U+0000 never reaches the service: the API refuses it in any text (config.lector, proven in
# tests/config/test_openapi.py).
@pytest.mark.parametrize(
    "caracter",
    ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u200b", "\x1b", "\x85"],
)
def test_asunto_con_caracteres_de_control_o_bidi_se_rechaza(
    notificador: Funcionario, patron_a: Patron, caracter: str
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        r = Oficina(notificador).emitir(
            patron_a.rfc, f"k-{ord(caracter)}", asunto=f"Resolución {caracter}fdp.exe"
        )
    assert r.status_code == 400, r.content
    cuerpo = r.json()
    assert (cuerpo["error"], cuerpo["campo"]) == ("asunto_invalido", "asunto")
    assert "control" in cuerpo["mensaje"] and "El asunto" in cuerpo["mensaje"]
    assert not Notificacion.objects.exists()


def test_asunto_con_acentos_y_espacio_duro_se_admite(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        r = Oficina(notificador).emitir(
            patron_a.rfc, "k-bien", asunto="Resolución nº 12\u00a0— crédito «2026/01»"
        )
    assert r.status_code == 201, r.content


def _acta(funcionario: Funcionario, texto: str) -> tuple[bytes, dict[str, Any]]:
    pdf = pdf_de_prueba(texto)
    return pdf, {
        "instante": "2027-01-19T12:30:00-06:00",
        "acta": base64.b64encode(pdf).decode(),
        "firma": funcionario.patron.firmar(pdf),
        "con": "interesado",
        "nombre": "María Pérez López",
    }


def _carpeta() -> Path:
    destino = almacen.almacen()
    assert isinstance(destino, FileSystemStorage)
    return Path(destino.location)


def test_acta_de_otra_subdelegacion_no_se_guarda(
    notificador: Funcionario,
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
) -> None:
    centro = Oficina(notificador)
    norte = hacer_funcionario("LOPA700101AB2", "notificador", "Norte")
    with time_machine.travel(LUNES, tick=False):
        r = centro.emitir(patron_a.rfc, "k", ruta="personal")
        assert r.status_code == 201, r.content
        n_id = r.json()["id"]
    with time_machine.travel(zc(2027, 1, 19, 13), tick=False):
        pdf, cuerpo = _acta(norte, "Acta ajena")
        respuesta = Oficina(norte).post(f"{RUTA}/{n_id}/notificacion-personal", cuerpo)
    assert respuesta.status_code == 404, respuesta.content
    assert not almacen.existe(almacen.sha256_de(pdf))
    # A notification not on the personal route: refused before the acta is stored, too.
    with time_machine.travel(LUNES, tick=False):
        buzon = centro.emitir(patron_a.rfc, "k-buzon")
        assert buzon.status_code == 201, buzon.content
    with time_machine.travel(zc(2027, 1, 19, 13), tick=False):
        pdf, cuerpo = _acta(notificador, "Acta fuera de vía")
        otra = centro.post(f"{RUTA}/{buzon.json()['id']}/notificacion-personal", cuerpo)
    assert (otra.status_code, otra.json()["error"]) == (409, "no_requiere_personal")
    assert not almacen.existe(almacen.sha256_de(pdf))


def test_acta_con_disco_lleno_no_deja_temporales(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    centro = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = centro.emitir(patron_a.rfc, "k", ruta="personal").json()["id"]
    escribir = os.write
    llamadas: list[int] = []

    def medio_lleno(descriptor: int, datos: Any) -> int:
        llamadas.append(1)
        if len(llamadas) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        escritos: int = escribir(descriptor, bytes(datos)[:100])  # partial, then the disk fills
        return escritos

    monkeypatch.setattr(os, "write", medio_lleno)
    with time_machine.travel(zc(2027, 1, 19, 13), tick=False):
        pdf, cuerpo = _acta(notificador, "Acta sin espacio")
        r = centro.post(f"{RUTA}/{n_id}/notificacion-personal", cuerpo)
    assert (r.status_code, r.json()["error"]) == (503, "servicio_no_disponible")
    assert len(llamadas) == 2
    assert not almacen.existe(almacen.sha256_de(pdf))
    assert [p for p in _carpeta().rglob(".*") if p.is_file()] == []
    assert Notificacion.objects.get(pk=n_id).personal_notificada is None


def test_estrados_publica_el_documento_entero_sin_indexar(notificador: Funcionario) -> None:
    """CFF 139 publishes «el documento que se pretenda notificar»: the signed PDF as it is (the
    addressee's full RFC inside); the board shows the RFC masked; no search engine keeps it
    [I-88]."""
    sin_buzon = "MAPE800101AB1"
    with time_machine.travel(LUNES, tick=False):
        r = Oficina(notificador).emitir(sin_buzon, "k-estrados")
        assert r.json()["ruta"] == "estrados", r.content
        tablero = Client().get("/api/v1/estrados").json()
        assert tablero[0]["rfc"] == "MAP*******AB1"
        documento = Client().get(tablero[0]["documento"])
    assert documento.status_code == 200
    assert documento.content == pdf_de_prueba(f"Acto para {sin_buzon}")
    assert documento["X-Robots-Tag"] == "noindex, noarchive"
    assert documento["Cache-Control"] == "private, no-store"
