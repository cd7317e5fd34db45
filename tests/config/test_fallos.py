"""Issue 19: a failed dependency answers JSON under /api/ (503, Spanish, with a reference) and the
Spanish page elsewhere; an out-of-range `desde` is a 400 naming it. Each failure is injected."""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.storage import FileSystemStorage
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from buzon.evidencia import almacen
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.fixtures import (
    Funcionario,
    habilitar,
    pdf_de_prueba,
    sesion_particular,
)

pytestmark = pytest.mark.django_db

VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)


def _json(respuesta: Any, estado: int, codigo: str) -> dict[str, Any]:
    assert respuesta.status_code == estado, respuesta.content
    assert respuesta["Content-Type"].startswith("application/json")
    cuerpo: dict[str, Any] = json.loads(respuesta.content)
    assert cuerpo["error"] == codigo
    assert cuerpo["referencia"] in cuerpo["mensaje"]
    return cuerpo


def _base_caida(monkeypatch: pytest.MonkeyPatch, tipo: type[Exception]) -> None:
    def caida(*_: object, **__: object) -> None:
        raise tipo("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", caida)


@pytest.mark.parametrize("tipo", [OperationalError, InterfaceError])
def test_base_de_datos_caida_en_la_api_es_503_json(
    client: Client,
    patron_a: Patron,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tipo: type[Exception],
) -> None:
    _cliente, auth = sesion_particular(patron_a)
    _base_caida(monkeypatch, tipo)
    with caplog.at_level(logging.ERROR, logger="buzon.errores"):
        r = client.get("/api/v1/notificaciones", **auth)
    cuerpo = _json(r, 503, "servicio_no_disponible")
    assert "base de datos no responde" in cuerpo["mensaje"]
    assert any(cuerpo["referencia"] in x.getMessage() and x.exc_info for x in caplog.records)


def test_base_de_datos_caida_en_una_pagina_es_la_pagina_503_en_espanol(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _base_caida(monkeypatch, OperationalError)
    r = client.get("/estrados/")
    assert r.status_code == 503
    assert r["Content-Type"].startswith("text/html")
    html = r.content.decode()
    assert "Servicio no disponible" in html and "base de datos no responde" in html
    assert "Traceback" not in html and "OperationalError" not in html


def _emitir(notificador: Funcionario, patron: Patron, clave: str) -> Any:
    """Issue a document never stored before: the store is content-addressed and shared by the
    run, so a PDF another test stored would need no write and no failure could be injected."""
    habilitar(patron.rfc)
    documento = pdf_de_prueba(f"Acto {clave} {secrets.token_hex(16)}")
    with time_machine.travel(VIERNES, tick=False):
        return notificador.emitir(patron.rfc, clave, pdf=documento)


def _temporales(carpeta: Path) -> list[Path]:
    return [p for p in carpeta.rglob(".*") if p.is_file()] if carpeta.exists() else []


def _carpeta() -> Path:
    destino = almacen.almacen()
    assert isinstance(destino, FileSystemStorage)
    return Path(destino.location)


def test_disco_lleno_es_503_json_y_no_deja_temporales(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lleno(_descriptor: int, _datos: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", lleno)
    cuerpo = _json(_emitir(notificador, patron_a, "lleno-1"), 503, "servicio_no_disponible")
    assert "no puede guardar documentos" in cuerpo["mensaje"]
    assert not Notificacion.objects.exists()
    assert _temporales(_carpeta()) == []


def test_carpeta_de_documentos_sin_permiso_es_503_json(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    abrir = os.open

    def sin_permiso(ruta: Any, *args: Any, **kwargs: Any) -> int:
        if str(ruta).startswith(str(_carpeta())):
            raise PermissionError(errno.EACCES, "Permission denied", str(ruta))
        return abrir(ruta, *args, **kwargs)

    monkeypatch.setattr(os, "open", sin_permiso)
    _json(_emitir(notificador, patron_a, "permiso-1"), 503, "servicio_no_disponible")
    assert not Notificacion.objects.exists()


def test_un_documento_guardado_que_falta_es_503_y_lo_nombra(
    notificador: Funcionario, patron_a: Patron
) -> None:
    respuesta = _emitir(notificador, patron_a, "falta-1")
    assert respuesta.status_code == 201, respuesta.content
    n = Notificacion.objects.get(pk=respuesta.json()["id"])
    with time_machine.travel(VIERNES, tick=False):
        cliente, auth = sesion_particular(patron_a)
        assert cliente.post(f"/api/v1/notificaciones/{n.pk}/apertura", **auth).status_code == 200
        almacen.borrar(n.documento_sha256)
        r = cliente.get(f"/api/v1/notificaciones/{n.pk}/documento", **auth)
    cuerpo = _json(r, 503, "documento_no_disponible")
    assert n.documento_sha256 in cuerpo["mensaje"]


def test_un_oserror_cualquiera_sigue_siendo_error_interno(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def falla(*_: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("buzon.calendario.api.dias_inhabiles_del_anio", falla)
    _json(client.get("/api/v1/calendario/dias-inhabiles?anio=2026"), 500, "error_interno")


ENORME = "99999999999999999999"


def test_desde_enorme_es_400_que_lo_nombra(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cliente, auth = sesion_particular(patron_a)
    oficial = notificador.encabezados()
    for ruta, encabezados in (
        ("/api/v1/notificaciones", auth),
        ("/api/v1/oficina/notificaciones", oficial),
        ("/api/v1/oficina/actuaciones", oficial),
    ):
        for valor in (ENORME, "-1", "1000000001"):
            r = Client().get(f"{ruta}?desde={valor}", **encabezados)
            assert r.status_code == 400, (ruta, valor, r.content)
            cuerpo = r.json()
            assert (cuerpo["error"], cuerpo["campo"]) == ("desde_invalido", "desde"), ruta
            assert "«desde»" in cuerpo["mensaje"]
        assert Client().get(f"{ruta}?desde=1000000000", **encabezados).status_code == 200


def test_sin_sello_una_pagina_es_la_pagina_503_en_espanol(rf: Any) -> None:
    from buzon.config.errores import Errores
    from buzon.evidencia.sello import ErrorSello

    def vista(_request: Any) -> Any:
        raise AssertionError("no se llama")

    pagina = Errores(vista).process_exception(
        rf.post("/buzon/medios/"), ErrorSello("No hay un sello institucional activo.")
    )
    assert pagina is not None and pagina.status_code == 503
    html = pagina.content.decode()
    assert "Servicio no disponible" in html and "no puede emitir acuses" in html
    assert "sello institucional" not in html  # the operator's detail stays in the log
