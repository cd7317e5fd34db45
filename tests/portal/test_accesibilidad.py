"""Every page, read from the URL conf, in Chromium at desktop and at 390 px: axe-core finds no
serious or critical violation, a phone never scrolls sideways (`scrollWidth` ≤ the viewport) and
every entry of the menu is on screen.

The pages are the GET routes of `buzon.config.urls` (the API's docs page included), each filled
with the demo's data (`buzon demo`) plus a filing, a batch and a third party's authorisation,
visited with the session its access class asks for; what answers HTML (not a redirect, a PDF, a
405) is checked. A new route is visited without touching this file; a new route parameter needs
its sample values in `VALORES` (the test says so).
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from buzon.comun import acceso
from buzon.cuentas.navegador import COOKIE
from buzon.efirma import leer_llave
from buzon.efirma.pki import PASSWORD_PRUEBAS
from buzon.evidencia import sello as modulo_sello
from buzon.sistema import demo
from tests.actuaciones.fixtures import ACLARACION, Cliente, en_padron
from tests.cuentas.fixtures import Patron
from tests.navegador import chromium

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

#: axe-core as the dev dependency axe-playwright-python bundles it (injected as a script).
_AXE_PAQUETE = importlib.util.find_spec("axe_playwright_python")
assert _AXE_PAQUETE is not None and _AXE_PAQUETE.origin is not None
AXE = Path(_AXE_PAQUETE.origin).parent / "axe.min.js"
ANCHOS = {"escritorio": (1280, 900), "telefono": (390, 844)}
GRAVES = {"serious", "critical"}
#: The API's own pages: only the docs viewer is a page for people.
PAGINAS_DE_LA_API = {"openapi-view"}
#: Sample values per route parameter, per access class (a few each: every notification's state).
Valores = Callable[[str], list[str]]


def _ids(modelo: Any, **filtro: Any) -> list[str]:
    consulta = modelo.objects.filter(**filtro).order_by("pk")
    return [str(pk) for pk in consulta.values_list("pk", flat=True)[:8]]


def _notificaciones(clase: str) -> list[str]:
    from buzon.notificaciones.models import Notificacion

    filtro = {"rfc": demo.HABILITADO[0]} if clase == "particular" else {}
    return [str(pk) for (pk,) in Notificacion.objects.filter(**filtro).values_list("pk")]


def _folios(_clase: str) -> list[str]:
    from buzon.evidencia.models import Acuse

    return list(Acuse.objects.order_by("pk").values_list("folio", flat=True)[:3])


def _claves(_clase: str) -> list[str]:
    from buzon.actuaciones.models import Tramite

    return sorted(set(Tramite.objects.values_list("clave", flat=True)))


def _actuaciones(_clase: str) -> list[str]:
    from buzon.actuaciones.models import Actuacion

    return [str(pk) for (pk,) in Actuacion.objects.values_list("pk")]


def _lotes(_clase: str) -> list[str]:
    from buzon.notificaciones.models import Lote

    return [str(pk) for (pk,) in Lote.objects.values_list("pk")]


def _autorizaciones(_clase: str) -> list[str]:
    from buzon.terceros.models import Autorizacion

    return _ids(Autorizacion, titular=demo.HABILITADO[0])


def _emisiones(_clase: str) -> list[str]:
    from buzon.cuotas.models import Emision

    return [str(pk) for (pk,) in Emision.objects.order_by("pk").values_list("pk")[:2]]


def _comunicados(clase: str) -> list[str]:
    from buzon.comunicados.models import Comunicado, Destinatario

    if clase == "particular":
        ids = Destinatario.objects.filter(rfc=demo.HABILITADO[0]).values_list("comunicado_id")
        return [str(pk) for (pk,) in ids.order_by("comunicado_id")[:3]]
    return _ids(Comunicado)


def _programas(_clase: str) -> list[str]:
    from buzon.fiscalizacion.models import Programa

    return _ids(Programa)


def _documentos(_clase: str) -> list[str]:
    from buzon.documentos.models import DocumentoPublico

    return _ids(DocumentoPublico)


def _periodos(_clase: str) -> list[str]:
    from buzon.cotizacion.models import Reporte

    periodos = sorted(set(Reporte.objects.values_list("periodo", flat=True)))[:2]
    return [f"{p // 100:04d}-{p % 100:02d}" for p in periodos]


VALORES: dict[str, Valores] = {
    "comunicado_id": _comunicados,
    "programa_id": _programas,
    "documento_id": _documentos,
    "periodo": _periodos,
    # A version number of a text of the library, an attachment's number, an action's name:
    # the pages that answer HTML for them are reached with these (the rest answer PDF or 405).
    "numero": lambda _clase: ["1"],
    "nombre": lambda _clase: ["aprobar"],
    "token": lambda _clase: ["no-existe"],
    "notificacion_id": _notificaciones,
    "folio": _folios,
    "clave": _claves,
    "actuacion_id": _actuaciones,
    "lote_id": _lotes,
    "emision_id": _emisiones,
    "autorizacion_id": _autorizaciones,
    "indice": lambda _clase: ["0"],
}


@dataclass(frozen=True)
class Pagina:
    url: str
    clase: str


def _patrones(resolver: URLResolver, prefijo: str = "") -> Iterator[tuple[str, URLPattern]]:
    for patron in resolver.url_patterns:
        if isinstance(patron, URLResolver):
            yield from _patrones(patron, prefijo + str(patron.pattern))
        else:
            yield prefijo + str(patron.pattern), patron


def _candidatas() -> tuple[list[Pagina], list[str]]:
    """Every page route with its sample values; the parameters without samples."""
    paginas, sin_valores = [], []
    for ruta, patron in _patrones(get_resolver()):
        if ruta.startswith("api/v1/") and patron.name not in PAGINAS_DE_LA_API:
            continue
        clase = acceso.clase_de(patron.callback) or "publico"
        nombres = re.findall(r"<(?:\w+:)?(\w+)>", ruta)
        faltan = [n for n in nombres if n not in VALORES]
        if faltan:
            sin_valores.append(f"{ruta} ({', '.join(faltan)})")
            continue
        for combinacion in itertools.product(*(VALORES[n](clase) for n in nombres)):
            url = ruta
            for valor in combinacion:
                url = re.sub(r"<(?:\w+:)?\w+>", valor, url, count=1)
            paginas.append(Pagina("/" + url, clase))
    return paginas, sin_valores


def _patron(carpeta: Path, rfc: str) -> Patron:
    llave = leer_llave((carpeta / f"{rfc}.key").read_bytes(), PASSWORD_PRUEBAS)
    return Patron(rfc, (carpeta / f"{rfc}.cer").read_bytes(), llave)


@pytest.fixture
def instalacion(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """The demo's files (keys, seal, documents) in a folder of their own."""
    settings.DATA_DIR = tmp_path
    settings.BUZON_SELLO_DIR = str(tmp_path / "sello")
    settings.STORAGES = {
        **settings.STORAGES,
        "documentos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documentos")},
        },
    }
    modulo_sello._cargar.cache_clear()
    yield tmp_path
    modulo_sello._cargar.cache_clear()


def _datos(instalacion: Path) -> dict[str, str]:
    """The demo, one filing by its enabled employer and one batch; a session token per class."""
    from django.core.management import call_command

    from buzon.notificaciones.models import Lote

    call_command("demo", stdout=io.StringIO())
    efirmas = instalacion / "pki" / "efirmas"
    particular = Cliente(Client(), _patron(efirmas, demo.HABILITADO[0]))
    en_padron(demo.HABILITADO[0])
    particular.presentar("aclaracion-buzon", ACLARACION, [])
    from buzon.terceros.servicios import do_crear_autorizacion

    do_crear_autorizacion(titular=demo.HABILITADO[0], tercero=demo.SIN_BUZON[0], alcance="opinion")
    oficial = Cliente(Client(), _patron(efirmas, demo.SUPERVISOR.rfc), "servidor_publico")
    Lote.objects.create(
        emisor=demo.NOTIFICADOR.rfc,
        subdelegacion=demo.SUBDELEGACION,
        nombre_archivo="lote.jsonl",
        formato="jsonl",
        archivo_sha256="a" * 64,
        certificado=b"",
        total=1,
        procesadas=1,
        correctas=0,
        errores=[{"linea": 1, "error": "rfc_invalido", "mensaje": "El RFC no es válido."}],
        estado=Lote.Estado.TERMINADO,
        creado=datetime.now(UTC),
        terminado=datetime.now(UTC),
    )
    return {
        "particular": particular.cabecera["Authorization"].removeprefix("Bearer "),
        "oficial": oficial.cabecera["Authorization"].removeprefix("Bearer "),
    }


def _html(paginas: list[Pagina], tokens: dict[str, str]) -> list[Pagina]:
    """The candidates that answer a GET with an HTML page (not a redirect, a PDF or a 405)."""
    clientes = {"publico": Client()}
    for clase, token in tokens.items():
        clientes[clase] = Client()
        clientes[clase].cookies[COOKIE] = token
    html = []
    for pagina in paginas:
        respuesta = clientes[pagina.clase].get(pagina.url)
        tipo = respuesta.get("Content-Type", "")
        muestra = respuesta.status_code < 300 or respuesta.status_code in (400, 403, 404)
        if muestra and tipo.startswith("text/html"):
            html.append(pagina)
    return html


REVISAR = """async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  const fuera = [...document.querySelectorAll(".encabezado nav a, .encabezado nav button")]
    .filter(e => { const c = e.getBoundingClientRect();
                   return c.width === 0 || c.left < 0 || c.right > window.innerWidth; })
    .map(e => e.textContent.trim());
  return {
    violaciones: r.violations.map(v => ({
      regla: v.id, impacto: v.impact,
      nodos: v.nodes.slice(0, 3).map(n => n.target.join(" "))})),
    ancho: document.documentElement.scrollWidth,
    menu_fuera: fuera,
  };
}"""


def _revisar(pestana: Any, nombre: str, ancho: int, url: str) -> list[str]:
    """axe-core's serious and critical violations, sideways scroll and menu entries off screen."""
    resultado = pestana.evaluate(REVISAR)
    fallas = [
        f"{nombre} {url}: {v['regla']} ({v['impacto']}) {v['nodos']}"
        for v in resultado["violaciones"]
        if v["impacto"] in GRAVES
    ]
    if resultado["ancho"] > ancho:
        fallas.append(f"{nombre} {url}: desplazamiento horizontal ({resultado['ancho']} px)")
    if resultado["menu_fuera"]:
        fallas.append(f"{nombre} {url}: menú fuera de la pantalla {resultado['menu_fuera']}")
    return fallas


def test_toda_pagina_pasa_axe_en_escritorio_y_telefono(live_server: Any, instalacion: Path) -> None:
    tokens = _datos(instalacion)
    candidatas, sin_valores = _candidatas()
    assert sin_valores == [], "rutas con parámetros sin valores de muestra en VALORES"
    paginas = _html(candidatas, tokens)
    rutas = {re.sub(r"/\d+/", "/N/", p.url) for p in paginas}
    # The walk reached every kind of page (a broken walk would pass with nothing to check).
    for esperada in ("/", "/buzon/", "/oficina/notificaciones/", "/api/v1/docs", "/estrados/"):
        assert esperada in rutas, esperada
    for esperada in ("/buzon/notificaciones/N/", "/oficina/actuaciones/N/", "/autorizaciones/N/"):
        assert esperada in rutas, esperada
    fallas: list[str] = []
    with chromium() as navegador:
        pestanas: dict[str, Any] = {}
        for clase in ("publico", "particular", "oficial"):
            contexto = navegador.new_context(bypass_csp=True)  # axe is injected as a script
            if clase in tokens:
                contexto.add_cookies(
                    [{"name": COOKIE, "value": tokens[clase], "url": live_server.url}]
                )
            pestanas[clase] = contexto.new_page()
        for pagina in paginas:
            pestana = pestanas[pagina.clase]
            ancho, alto = ANCHOS["escritorio"]
            pestana.set_viewport_size({"width": ancho, "height": alto})
            pestana.goto(live_server.url + pagina.url, wait_until="load")
            if pestana.locator("#swagger-ui").count():
                # The API docs render after fetching the OpenAPI document: check what they show.
                pestana.wait_for_selector("#swagger-ui .opblock", timeout=60000)
            pestana.add_script_tag(path=str(AXE))
            for nombre, (ancho, alto) in ANCHOS.items():
                pestana.set_viewport_size({"width": ancho, "height": alto})
                pestana.wait_for_timeout(50)  # the resize handlers and the reflow
                fallas += _revisar(pestana, nombre, ancho, pagina.url)
    print(f"{len(paginas)} páginas revisadas en {len(ANCHOS)} anchos")
    assert fallas == [], "\n".join(fallas)
