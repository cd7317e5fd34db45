"""Issue 11, 9: no API answer is ever an HTML page; pages keep Spanish HTML. And issue 12: one
error type (`ErrorBuzon`) with one handler for the API and one for pages."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings

from buzon.comun.errores import ErrorBuzon
from buzon.config import errores
from buzon.evidencia.models import CertificadoSello
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db


def _es_contrato(respuesta: object, estado: int, codigo: str) -> dict[str, object]:
    assert respuesta.status_code == estado, respuesta.content  # type: ignore[attr-defined]
    assert respuesta["Content-Type"].startswith("application/json")  # type: ignore[index]
    cuerpo: dict[str, object] = json.loads(respuesta.content)  # type: ignore[attr-defined]
    assert cuerpo["error"] == codigo
    assert isinstance(cuerpo["mensaje"], str) and cuerpo["mensaje"]
    return cuerpo


def test_sin_sello_registrar_medios_responde_json_no_html(
    client: Client, patron_a: Patron, caplog: pytest.LogCaptureFixture
) -> None:
    """The reproduction: a fresh installation without a seal answered Django's HTML 500."""
    assert not CertificadoSello.objects.exists()
    cabecera = {"Authorization": f"Bearer {entrar(client, patron_a)}"}
    with caplog.at_level(logging.ERROR, logger="buzon.errores"):
        r = client.put(
            "/api/v1/buzon/medios",
            {"correos": ["uno@empresa.mx"], "celular": "5512345678"},
            content_type="application/json",
            headers=cabecera,
        )
    cuerpo = _es_contrato(r, 503, "servicio_no_disponible")
    referencia = str(cuerpo["referencia"])
    assert referencia in str(cuerpo["mensaje"])
    registro = [x for x in caplog.records if referencia in x.getMessage()]
    assert registro and registro[0].exc_info is not None
    assert "sello institucional" in caplog.text  # the operator's message stays in the log


def test_una_falla_inesperada_es_error_interno_con_referencia_en_el_registro(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def falla(*_: object) -> None:
        raise ZeroDivisionError("falla de prueba 8d1f")

    monkeypatch.setattr("buzon.calendario.api.dias_inhabiles_del_anio", falla)
    with caplog.at_level(logging.ERROR, logger="buzon.errores"):
        r = client.get("/api/v1/calendario/dias-inhabiles?anio=2026")
    cuerpo = _es_contrato(r, 500, "error_interno")
    assert set(cuerpo) == {"error", "mensaje", "referencia"}
    referencia = str(cuerpo["referencia"])
    assert re.fullmatch(r"[0-9a-f]{16}", referencia)
    assert "falla de prueba 8d1f" not in r.content.decode()
    linea = next(x for x in caplog.records if f"referencia={referencia}" in x.getMessage())
    assert linea.exc_info is not None and linea.exc_info[0] is ZeroDivisionError
    assert "Traceback" in caplog.text and "falla de prueba 8d1f" in caplog.text


def test_ruta_desconocida_de_la_api_es_404_json(client: Client) -> None:
    for ruta in ("/api/v1/no-existe", "/api/otra-version/buzon", "/api/v1/acuses/x/y/z"):
        cuerpo = _es_contrato(client.get(ruta), 404, "no_encontrado")
        assert cuerpo["campo"] is None


def test_metodo_no_permitido_es_405_json(client: Client) -> None:
    r = client.delete("/api/v1/buzon/terminos")
    _es_contrato(r, 405, "metodo_no_permitido")
    assert "GET" in r["Allow"]


def test_un_acceso_a_un_objeto_ajeno_es_404_en_el_contrato(
    client: Client, patron_a: Patron
) -> None:
    cabecera = {"Authorization": f"Bearer {entrar(client, patron_a)}"}
    r = client.get("/api/v1/acuses/2026-NOEXISTE", headers=cabecera)
    cuerpo = _es_contrato(r, 404, "no_encontrado")
    assert cuerpo["campo"] == "folio"


def test_csrf_en_la_api_es_json_y_en_paginas_es_espanol() -> None:
    fabrica = RequestFactory()
    api = errores.fallo_csrf(fabrica.post("/api/v1/sesiones"), reason="CSRF cookie not set.")
    _es_contrato(api, 403, "sin_permiso")
    cliente = Client(enforce_csrf_checks=True)
    r = cliente.post("/entrar/", {"x": "1"})
    assert r.status_code == 403
    assert r["Content-Type"].startswith("text/html")
    texto = r.content.decode()
    assert "cookie de seguridad (CSRF)" in texto and "Forbidden" not in texto


def test_400_y_403_de_django_en_la_api_y_en_paginas() -> None:
    fabrica = RequestFactory()
    _es_contrato(errores.error_400(fabrica.get("/api/v1/x")), 400, "solicitud_invalida")
    _es_contrato(errores.error_403(fabrica.get("/api/v1/x")), 403, "sin_permiso")
    pagina = errores.error_403(fabrica.get("/buzon/"))
    assert pagina.status_code == 403 and "Sin permiso" in pagina.content.decode()


def test_paginas_404_y_500_en_espanol(monkeypatch: pytest.MonkeyPatch) -> None:
    cliente = Client(raise_request_exception=False)
    r = cliente.get("/no-existe-esta-pagina/")
    assert r.status_code == 404 and r["Content-Type"].startswith("text/html")
    assert "No existe esa página" in r.content.decode()

    def falla(request: HttpRequest) -> None:
        raise RuntimeError("falla de página")

    monkeypatch.setattr("buzon.portal.vistas.dias_inhabiles_del_anio", falla)
    r = cliente.get("/calendario/")
    assert r.status_code == 500 and r["Content-Type"].startswith("text/html")
    texto = r.content.decode()
    assert "Error interno" in texto and "Referencia" in texto
    assert "falla de página" not in texto and "Server Error" not in texto


def test_un_error_esperado_en_una_pagina_es_la_pagina_de_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def niega(*_: object) -> None:
        raise ErrorBuzon("prueba", "Mensaje para una persona: haga esto.", None, 409)

    monkeypatch.setattr("buzon.portal.vistas.dias_inhabiles_del_anio", niega)
    r = Client().get("/calendario/")
    assert r.status_code == 409
    assert "Mensaje para una persona: haga esto." in r.content.decode()


def test_un_subtipo_lleva_sus_campos_extra() -> None:
    from buzon.actuaciones.errores import ErrorActuacion

    filas = [{"linea": 2, "campo": "curp", "mensaje": "CURP inválida."}]
    exc = ErrorActuacion("anexo_filas_invalidas", "Corrija las filas.", "icsoe", 400, filas)
    assert exc.como_dict() == {
        "error": "anexo_filas_invalidas",
        "mensaje": "Corrija las filas.",
        "campo": "icsoe",
        "errores": filas,
    }


@override_settings(DEBUG=False)
def test_salud_lista_con_sello(client: Client, sello: CertificadoSello) -> None:
    r = client.get("/api/v1/salud")
    assert r.status_code == 200, r.content
    cuerpo = r.json()
    assert cuerpo["estado"] == "listo"
    assert set(cuerpo["comprobaciones"]) == {"base_de_datos", "sello", "almacen_documentos"}
    assert all(c["listo"] for c in cuerpo["comprobaciones"].values())


def test_vivo_responde_sin_tocar_la_base_de_datos(
    client: Client, django_assert_num_queries: Any
) -> None:
    """Liveness answers even without a seal (where /salud says 503), and reads nothing."""
    with django_assert_num_queries(0):
        r = client.get("/api/v1/vivo")
    assert r.status_code == 200 and r.json() == {"vivo": True}
    assert client.get("/api/v1/salud").status_code == 503


def test_salud_503_sin_sello_dice_que_fallo(client: Client) -> None:
    r = client.get("/api/v1/salud")
    assert r.status_code == 503
    cuerpo = r.json()
    assert cuerpo["estado"] == "no_listo"
    sello = cuerpo["comprobaciones"]["sello"]
    assert sello["listo"] is False and "buzon sello instalar" in sello["detalle"]
    assert cuerpo["comprobaciones"]["base_de_datos"]["listo"] is True


def test_salud_503_si_no_se_puede_escribir_en_documentos(
    client: Client, sello: CertificadoSello, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("buzon.config.salud._carpeta_escribible", lambda carpeta: False)
    r = client.get("/api/v1/salud")
    assert r.status_code == 503
    almacen = r.json()["comprobaciones"]["almacen_documentos"]
    assert almacen["listo"] is False and "BUZON_DATA_DIR" in almacen["detalle"]


def test_salud_no_escribe(client: Client, sello: CertificadoSello) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as consultas:
        assert client.get("/api/v1/salud").status_code == 200
    escrituras = [q["sql"] for q in consultas if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert escrituras == []
