"""Every operation of the API contract v1 (../shared/contrato-api-v1.md) is served and described
in the OpenAPI document, with the names integrators rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

#: The contract's operations (fixed: add, never rename).
CONTRATO = {
    ("post", "/sesiones/reto"),
    ("post", "/sesiones"),
    ("delete", "/sesiones"),
    ("get", "/buzon"),
    ("put", "/buzon/medios"),
    ("post", "/buzon/medios/confirmacion"),
    ("get", "/buzon/terminos"),
    ("post", "/buzon/terminos"),
    ("get", "/notificaciones"),
    ("post", "/notificaciones/{id}/apertura"),
    ("get", "/notificaciones/{id}/documento"),
    ("post", "/oficina/notificaciones"),
    ("get", "/oficina/notificaciones/{id}"),
    ("get", "/tramites"),
    ("post", "/actuaciones"),
    ("post", "/actuaciones/{id}/firma"),
    ("get", "/actuaciones"),
    ("get", "/acuses"),
    ("get", "/acuses/{folio}"),
    ("get", "/acuses/{folio}/pdf"),
    ("get", "/sello/certificados"),
    ("get", "/verificacion/{folio}"),
}

DOCUMENTO = Path(__file__).resolve().parents[3] / "shared" / "contrato-api-v1.md"


def _operaciones_openapi() -> set[tuple[str, str]]:
    esquema = Client().get("/api/v1/openapi.json").json()
    operaciones = set()
    for ruta, metodos in esquema["paths"].items():
        normal = re.sub(r"\{[^}]*_id\}", "{id}", ruta.removeprefix("/api/v1"))
        for metodo in metodos:
            operaciones.add((metodo, normal))
    return operaciones


@pytest.mark.django_db
def test_el_openapi_describe_todo_el_contrato() -> None:
    faltan = CONTRATO - _operaciones_openapi()
    assert not faltan, f"operaciones del contrato ausentes del OpenAPI: {sorted(faltan)}"


def test_la_lista_coincide_con_el_documento_del_contrato() -> None:
    if not DOCUMENTO.exists():
        pytest.skip(f"SIN CONTRATO: {DOCUMENTO} no existe (solo en CI y en la máquina de trabajo)")
    texto = DOCUMENTO.read_text(encoding="utf-8")
    encontradas = {
        (m.lower(), re.sub(r"\{[^}]*\}", lambda g: g.group(0), r))
        for m, r in re.findall(r"`(GET|POST|PUT|DELETE) (/[^`? ]*)", texto)
    }
    assert encontradas <= CONTRATO, sorted(encontradas - CONTRATO)
