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


#: The heading after which the contract lists the second wave's names (fixed in their issues).
SEGUNDA_OLA = "## Added with the second wave"

#: Second-wave operations not built yet. When one is built it must be served under exactly the
#: documented name, and then removed from here: the test fails both ways (never a silent pass).
PENDIENTES: set[tuple[str, str]] = set()


def _texto_del_contrato() -> str:
    if not DOCUMENTO.exists():
        pytest.skip(f"SIN CONTRATO: {DOCUMENTO} no existe (solo en CI y en la máquina de trabajo)")
    return DOCUMENTO.read_text(encoding="utf-8")


def _operaciones_de(texto: str) -> set[tuple[str, str]]:
    """Every `METHOD /path` of the text; a bare `/path` listed after one takes its method (the
    document writes "`GET /emisiones`, `/emisiones/{id}`")."""
    operaciones, metodo = set(), None
    for m, ruta in re.findall(r"`(?:(GET|POST|PUT|DELETE|PATCH) )?(/[^`? ]*)`", texto):
        metodo = m.lower() if m else metodo
        if metodo is not None:
            operaciones.add((metodo, ruta))
    return operaciones


def test_la_lista_coincide_con_el_documento_del_contrato() -> None:
    primera, _, _ = _texto_del_contrato().partition(SEGUNDA_OLA)
    encontradas = {
        (m.lower(), r) for m, r in re.findall(r"`(GET|POST|PUT|DELETE) (/[^`? ]*)", primera)
    }
    assert encontradas <= CONTRATO, sorted(encontradas - CONTRATO)


@pytest.mark.django_db
def test_la_segunda_ola_se_sirve_con_los_nombres_del_documento(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, separador, segunda = _texto_del_contrato().partition(SEGUNDA_OLA)
    assert separador, f"el contrato ya no tiene la sección «{SEGUNDA_OLA}»"
    documentadas = _operaciones_de(segunda)
    assert ("get", "/salud") in documentadas
    assert documentadas >= PENDIENTES, sorted(PENDIENTES - documentadas)
    servidas = {(m, re.sub(r"\{[^}]*\}", "{}", r)) for m, r in _operaciones_openapi()}

    def servida(operacion: tuple[str, str]) -> bool:
        return (operacion[0], re.sub(r"\{[^}]*\}", "{}", operacion[1])) in servidas

    hechas = {o for o in documentadas if servida(o)}
    assert ("get", "/salud") in hechas, "GET /salud debe servirse (issue 11, 9)"
    assert documentadas - hechas == PENDIENTES, (
        f"sin servir y no pendientes: {sorted(documentadas - hechas - PENDIENTES)}; "
        f"ya servidas, quítelas de PENDIENTES: {sorted(PENDIENTES & hechas)}"
    )
    # A served operation under a second-wave resource must carry exactly a documented name.
    recursos = {r.split("/")[1] for _, r in documentadas} - {r.split("/")[1] for _, r in CONTRATO}
    documentadas_norm = {(m, re.sub(r"\{[^}]*\}", "{}", r)) for m, r in documentadas}
    ajenas = {o for o in servidas if o[1].split("/")[1] in recursos and o not in documentadas_norm}
    assert not ajenas, f"servidas con un nombre que el contrato no dice: {sorted(ajenas)}"
    with capsys.disabled():
        print(f"\nPENDIENTES de la segunda ola ({len(PENDIENTES)}): {sorted(PENDIENTES)}")
