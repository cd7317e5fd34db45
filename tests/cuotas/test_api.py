"""The officials' afiliación API: an administrador imports (body or multipart); a particular or an
official with another role is refused; every status is documented in the OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.cuotas import api_oficina
from buzon.cuotas.models import ArchivoAfiliacion, Movimiento, PrimaRT
from tests.cuentas.fixtures import Patron, entrar
from tests.cuotas.ayudas import ENCABEZADO_PRIMAS, REGISTRO, escribir, movimiento, padron
from tests.notificaciones.fixtures import Funcionario, entrar_oficial

pytestmark = pytest.mark.django_db

MOVIMIENTOS = "/api/v1/oficina/afiliacion/movimientos"
PRIMAS = "/api/v1/oficina/afiliacion/primas"
RFC_ADMINISTRADOR = "ROCA700101AB3"


@pytest.fixture
def administrador(hacer_funcionario: Callable[..., Funcionario]) -> dict[str, str]:
    f = hacer_funcionario(RFC_ADMINISTRADOR, "administrador")
    return {"Authorization": f"Bearer {entrar_oficial(f.cliente, f.patron)}"}


def _csv(tmp_path: Path, filas: list[tuple[str, ...]], **opciones: Any) -> bytes:
    return escribir(tmp_path, filas, **opciones).read_bytes()


def test_el_administrador_importa_por_el_cuerpo(
    client: Client, administrador: dict[str, str], tmp_path: Path
) -> None:
    padron()
    cuerpo = _csv(tmp_path, [movimiento(), movimiento(sbc="-1", n=2), movimiento("07", "x")])
    respuesta = client.post(MOVIMIENTOS, cuerpo, content_type="text/csv", headers=administrador)
    assert respuesta.status_code == 200, respuesta.content
    datos = respuesta.json()
    assert (datos["filas_leidas"], datos["movimientos_creados"], datos["filas_con_error"]) == (
        3,
        1,
        2,
    )
    assert datos["errores"] == [
        {
            "linea": 3,
            "campo": "sbc",
            "mensaje": "línea 3, campo «sbc»: «-1» no es un salario base de cotización: escriba "
            "pesos diarios mayores que cero, con punto decimal y a lo más dos decimales (por "
            "ejemplo 452.75).",
        },
        {
            "linea": 4,
            "campo": "fecha",
            "mensaje": "línea 4, campo «fecha»: «x» no es una fecha: escríbala como AAAA-MM-DD "
            "(por ejemplo 2026-04-01).",
        },
    ]
    assert datos["errores_omitidos"] == 0
    assert ArchivoAfiliacion.objects.get().importado_por == RFC_ADMINISTRADOR
    # The same file again: nothing new.
    otra = client.post(MOVIMIENTOS, cuerpo, content_type="text/csv", headers=administrador)
    assert otra.json()["movimientos_creados"] == 0 and Movimiento.objects.count() == 1


def test_multipart_y_primas(client: Client, administrador: dict[str, str], tmp_path: Path) -> None:
    padron()
    datos = _csv(tmp_path, [(REGISTRO, "2026-03-01", "0.54355")], encabezado=ENCABEZADO_PRIMAS)
    archivo = SimpleUploadedFile("primas-2026.csv", datos, content_type="application/pdf")
    respuesta = client.post(PRIMAS, {"archivo": archivo}, headers=administrador)
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta.json()["primas_creadas"] == 1 and PrimaRT.objects.count() == 1
    assert ArchivoAfiliacion.objects.get().nombre == "primas-2026.csv"
    sin_archivo = client.post(PRIMAS, {"otro": "x"}, headers=administrador)
    assert sin_archivo.status_code == 400 and sin_archivo.json()["campo"] == "archivo"


def test_archivo_invalido_o_demasiado_grande(
    client: Client,
    administrador: dict[str, str],
    tmp_path: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    padron()
    pdf = b"%PDF-1.7\n\x00\x01binario"
    respuesta = client.post(MOVIMIENTOS, pdf, content_type="text/csv", headers=administrador)
    assert respuesta.status_code == 400
    assert respuesta.json()["error"] == "archivo_invalido"
    assert "No se guardó nada" in respuesta.json()["mensaje"]
    primas_como_movimientos = _csv(
        tmp_path, [(REGISTRO, "2026-03-01", "0.5")], encabezado=ENCABEZADO_PRIMAS
    )
    respuesta = client.post(
        MOVIMIENTOS, primas_como_movimientos, content_type="text/csv", headers=administrador
    )
    assert respuesta.status_code == 400 and "faltan las columnas" in respuesta.json()["mensaje"]
    cuerpo = _csv(tmp_path, [movimiento()] * 50)
    # The size is counted on the bytes received, a multipart's file included.
    monkeypatch.setattr(api_oficina, "MAXIMO_ARCHIVO", len(cuerpo) - 1)
    for envio in (
        {"data": cuerpo, "content_type": "text/csv"},
        {"data": {"archivo": SimpleUploadedFile("m.csv", cuerpo)}},
    ):
        respuesta = client.post(MOVIMIENTOS, headers=administrador, **envio)
        assert respuesta.status_code == 413, respuesta.content
        assert respuesta.json()["error"] == "archivo_demasiado_grande"
    # A declared length over the body limit is refused before the body is read.
    settings.BUZON_MAXIMO_CUERPO = len(cuerpo) - 1
    respuesta = client.post(MOVIMIENTOS, cuerpo, content_type="text/csv", headers=administrador)
    assert respuesta.status_code == 413
    assert Movimiento.objects.count() == 0


def test_un_particular_o_otro_rol_no_importan(
    client: Client,
    patron_a: Patron,
    hacer_funcionario: Callable[..., Funcionario],
    tmp_path: Path,
) -> None:
    padron()
    cuerpo = _csv(tmp_path, [movimiento()])
    particular = {"Authorization": f"Bearer {entrar(client, patron_a)}"}
    for ruta in (MOVIMIENTOS, PRIMAS):
        respuesta = client.post(ruta, cuerpo, content_type="text/csv", headers=particular)
        assert respuesta.status_code == 401 and respuesta.json()["error"] == "sesion_requerida"
        assert client.post(ruta, cuerpo, content_type="text/csv").status_code == 401
    for rol in ("notificador", "supervisor"):
        f = hacer_funcionario(f"GOMA80010{'1' if rol == 'notificador' else '2'}AB6", rol)
        cabecera = {"Authorization": f"Bearer {entrar_oficial(f.cliente, f.patron)}"}
        respuesta = client.post(MOVIMIENTOS, cuerpo, content_type="text/csv", headers=cabecera)
        assert respuesta.status_code == 403 and respuesta.json()["error"] == "sin_permiso"
    assert Movimiento.objects.count() == 0


def test_el_openapi_documenta_cada_estado(client: Client) -> None:
    esquema = client.get("/api/v1/openapi.json").json()
    for ruta in (MOVIMIENTOS, PRIMAS):
        operacion = esquema["paths"][ruta]["post"]
        assert set(operacion["responses"]) == {"200", "400", "401", "403", "413", "500", "503"}
        assert set(operacion["requestBody"]["content"]) == {"text/csv", "multipart/form-data"}
