"""*Mis documentos* through the API and the page: every kind listed for its owner and never for
another RFC, each linking to its owning app's download (which serves it to the owner only), the
filters, the pages, and one query per kind."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buzon.actuaciones.models import Actuacion
from buzon.cuentas.navegador import COOKIE
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron, entrar
from tests.documentos import ayudas
from tests.documentos.ayudas import VIERNES
from tests.documentos.conftest import Suyos
from tests.notificaciones.fixtures import sesion_particular

pytestmark = pytest.mark.django_db


def _api(patron: Patron, **consulta: Any) -> Any:
    cliente, auth = sesion_particular(patron)
    return cliente.get("/api/v1/documentos", consulta, **auth)


def _lista(patron: Patron, **consulta: Any) -> list[dict[str, Any]]:
    respuesta = _api(patron, tamano=100, **consulta)
    assert respuesta.status_code == 200, respuesta.content
    return list(respuesta.json()["documentos"])


def _claves(documentos: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Per kind, what identifies each row: its folio, or the id its download path ends with."""
    salida: dict[str, set[str]] = {}
    for d in documentos:
        if d["tipo"] in ("emision", "notificacion"):
            clave = d["descarga"].rstrip("/").split("/")[-2]
        else:
            clave = d["folio"]
        salida.setdefault(d["tipo"], set()).add(clave)
    return salida


def _navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


def test_cada_clase_a_su_dueno_y_nunca_a_otro_por_la_api(
    de_a: Suyos, de_b: Suyos, patron_a: Patron, patron_b: Patron
) -> None:
    for patron, suyos, ajenos in ((patron_a, de_a, de_b), (patron_b, de_b, de_a)):
        claves = _claves(_lista(patron))
        for clase in ("emision", "opinion", "acuse", "notificacion", "actuacion"):
            propios = set(getattr(suyos, clase))
            assert propios <= claves.get(clase, set()), (patron.rfc, clase)
            assert not set(getattr(ajenos, clase)) & claves.get(clase, set()), (patron.rfc, clase)
        todas = set().union(*claves.values())
        assert not ajenos.todos() & todas
        # The notification not opened yet is not a document it may download: not listed.
        assert str(suyos.sin_abrir) not in claves["notificacion"]


def test_cada_documento_enlaza_la_descarga_de_su_app_y_su_verificacion(
    de_a: Suyos, patron_a: Patron, patron_b: Patron
) -> None:
    documentos = _lista(patron_a)
    por_clase = {d["tipo"]: d for d in documentos}
    assert set(por_clase) == {"emision", "opinion", "acuse", "notificacion", "actuacion"}
    emision = por_clase["emision"]
    assert emision["descarga"] == f"/api/v1/emisiones/{de_a.emision[0]}/pdf"
    assert emision["periodo"] == "2026-12" and emision["registro_patronal"] == "Y5412345108"
    assert por_clase["opinion"]["descarga"] == f"/api/v1/opinion/{de_a.opinion[0]}/pdf"
    assert por_clase["actuacion"]["descarga"] == f"/api/v1/acuses/{de_a.actuacion[0]}/pdf"
    assert por_clase["actuacion"]["titulo"].endswith("Trámite de prueba")
    constancias = {d["titulo"] for d in documentos if d["tipo"] == "acuse"}
    assert {"Constancia de semanas cotizadas", "Constancia de vigencia de derechos"} <= constancias
    for d in documentos:
        assert d["verificacion"] and f"/verificar/{d['folio']}?c=" in d["verificacion"], d
    # The verification link of a sealed acuse is the public page's, and it says «auténtico».
    constancia = next(d for d in documentos if d["subtipo"] == "semanas_cotizadas")
    ruta = constancia["verificacion"].split("://", 1)[1].split("/", 1)[1]
    verificada = Client().get("/" + ruta)
    assert verificada.status_code == 200 and "auténtico" in verificada.content.decode()
    # The owner downloads each through its owning app; another RFC gets a 404 from each.
    dueno, auth_a = sesion_particular(patron_a)
    otro, auth_b = sesion_particular(patron_b)
    for d in documentos:
        if d["tipo"] == "emision":
            continue  # its PDF needs the generation's worker rows (tests/cuotas covers it)
        propia = dueno.get(d["descarga"], **auth_a)
        assert propia.status_code == 200, (d, propia.content[:200])
        assert propia.content.startswith(b"%PDF-")
        assert otro.get(d["descarga"], **auth_b).status_code == 404, d


def test_la_pagina_lista_los_suyos_y_nunca_los_ajenos(
    de_a: Suyos, de_b: Suyos, patron_a: Patron, patron_b: Patron
) -> None:
    for patron, suyos, ajenos in ((patron_a, de_a, de_b), (patron_b, de_b, de_a)):
        pagina = _navegador(patron).get("/buzon/mis-documentos/")
        assert pagina.status_code == 200
        html = pagina.content.decode()
        for folio in (*suyos.opinion, *suyos.acuse, *suyos.actuacion):
            assert f'data-folio="{folio}"' in html
        assert f"/buzon/documentos/emisiones/{suyos.emision[0]}/pdf" in html
        assert f"/buzon/notificaciones/{suyos.notificacion[0]}/documento" in html
        for folio in (*ajenos.opinion, *ajenos.acuse, *ajenos.actuacion):
            assert folio not in html
        assert f"/buzon/documentos/emisiones/{ajenos.emision[0]}/pdf" not in html
        assert f"/buzon/notificaciones/{ajenos.notificacion[0]}/" not in html
        assert f"/buzon/notificaciones/{suyos.sin_abrir}/documento" not in html
        assert "Documentos para todos" in html
        actuacion = Actuacion.objects.get(acuse=suyos.actuacion[0])
        assert f'href="/actuaciones/{actuacion.pk}/"' in html
    # Without a session, to the login page; an official's session is not a particular's.
    assert Client().get("/buzon/mis-documentos/")["Location"].startswith("/entrar/")


def test_la_opinion_obtenida_como_tercero_es_del_tercero_y_del_titular(
    reloj: None, sello: object, patron_a: Patron, patron_b: Patron
) -> None:
    obtenida = ayudas.opinion(patron_a.rfc, tercero=patron_b.rfc)
    del_tercero = _lista(patron_b, tipo="opinion")
    assert [d["folio"] for d in del_tercero] == [obtenida.folio]
    assert patron_a.rfc in del_tercero[0]["titulo"]
    assert [d["folio"] for d in _lista(patron_a, tipo="opinion")] == [obtenida.folio]
    # Its acuse (same folio) is not listed a second time as an acuse.
    assert not _lista(patron_a, tipo="acuse")


def test_filtros_por_tipo_y_periodo(de_a: Suyos, patron_a: Patron) -> None:
    solo = _lista(patron_a, tipo="acuse")
    assert solo and {d["tipo"] for d in solo} == {"acuse"}
    assert set(de_a.acuse) <= {d["folio"] for d in solo}
    # The period: days in the Zona Centro, both included (emisión -10 d, acuses -9 and -8 d).
    dia = (VIERNES - timedelta(days=9)).date().isoformat()
    un_dia = _lista(patron_a, desde=dia, hasta=dia)
    assert [d["folio"] for d in un_dia] == [de_a.acuse[0]]
    desde = (VIERNES - timedelta(days=10)).date().isoformat()
    hasta = (VIERNES - timedelta(days=8)).date().isoformat()
    tres = _lista(patron_a, desde=desde, hasta=hasta)
    assert [d["tipo"] for d in tres] == ["acuse", "acuse", "emision"]  # newest first
    assert _lista(patron_a, hasta=(VIERNES - timedelta(days=11)).date().isoformat()) == []
    assert _lista(patron_a, tipo="emision", desde=VIERNES.date().isoformat()) == []


@pytest.mark.parametrize(
    ("consulta", "codigo", "campo"),
    [
        ({"tipo": "recibo"}, "tipo_invalido", "tipo"),
        ({"desde": "2027-02-30"}, "fecha_invalida", "desde"),
        ({"hasta": "15/01/2027"}, "fecha_invalida", "hasta"),
        ({"desde": "2027-01-16", "hasta": "2027-01-15"}, "periodo_invalido", "desde"),
        ({"pagina": "0"}, "pagina_invalida", "pagina"),
        ({"pagina": "101"}, "pagina_invalida", "pagina"),
        ({"tamano": "101"}, "tamano_invalido", "tamano"),
    ],
)
def test_filtros_invalidos_se_explican(
    reloj: None, patron_a: Patron, consulta: dict[str, str], codigo: str, campo: str
) -> None:
    respuesta = _api(patron_a, **consulta)
    assert respuesta.status_code == 400
    assert (respuesta.json()["error"], respuesta.json()["campo"]) == (codigo, campo)
    pagina = _navegador(patron_a).get("/buzon/mis-documentos/", consulta)
    if campo in ("tipo", "desde", "hasta"):
        assert pagina.status_code == 400
        assert respuesta.json()["mensaje"] in pagina.content.decode()


def test_paginas_sin_repetir_ni_perder(de_a: Suyos, patron_a: Patron) -> None:
    todos = [(d["tipo"], d["folio"]) for d in _lista(patron_a)]
    vistos: list[tuple[str, str]] = []
    numero: int | None = 1
    while numero is not None:
        cuerpo = _api(patron_a, tamano=2, pagina=numero).json()
        assert len(cuerpo["documentos"]) <= 2
        vistos += [(d["tipo"], d["folio"]) for d in cuerpo["documentos"]]
        numero = cuerpo["siguiente"]
    assert vistos == todos and len(todos) >= 7
    fechas = [d["fecha"] for d in _lista(patron_a)]
    assert fechas == sorted(fechas, reverse=True)


def test_una_consulta_por_clase(
    de_a: Suyos, patron_a: Patron, notificador: Any, django_assert_max_num_queries: Any
) -> None:
    # The clock stands still: a session's activity is touched at most every 30 s (one more
    # query), which a loaded machine would otherwise reach between two of these requests.
    with time_machine.travel(timezone.now(), tick=False):
        cliente, auth = sesion_particular(patron_a)

        def contar() -> int:
            with CaptureQueriesContext(connection) as consultas:
                assert cliente.get("/api/v1/documentos", {"tamano": 100}, **auth).status_code == 200
            return len(consultas)

        pocas = contar()
        # Three times as many documents of every kind: the same number of queries.
        for _ in range(2):
            ayudas.emision(patron_a.rfc, "Y5412345108", periodo=f"2026-0{_ + 1}")
            ayudas.acuse(patron_a.rfc)
            ayudas.opinion(patron_a.rfc)
            ayudas.actuacion(patron_a.rfc)
        ayudas.notificaciones(notificador, patron_a, "mas")
        assert contar() == pocas
        # The session's own (at most 2), then one per kind (5).
        with django_assert_max_num_queries(7):
            cliente.get("/api/v1/documentos", **auth)
        with CaptureQueriesContext(connection) as una_clase:
            cliente.get("/api/v1/documentos", {"tipo": "acuse"}, **auth)
        assert len(una_clase) == pocas - 4
        navegador = _navegador(patron_a)
        with CaptureQueriesContext(connection) as pagina:
            assert navegador.get("/buzon/mis-documentos/").status_code == 200
        # and the documents for everyone, and the menu's check whether the session is a worker's
        assert len(pagina) <= pocas + 2


def test_la_notificacion_vencida_se_lista_al_notificarse(de_a: Suyos, patron_a: Patron) -> None:
    sin_abrir = Notificacion.objects.get(pk=de_a.sin_abrir)
    assert sin_abrir.vence is not None
    antes = _claves(_lista(patron_a, tipo="notificacion"))["notificacion"]
    assert str(de_a.sin_abrir) not in antes
    with time_machine.travel(sin_abrir.vence + timedelta(minutes=1), tick=False):
        despues = _claves(_lista(patron_a, tipo="notificacion"))["notificacion"]
    assert str(de_a.sin_abrir) in despues
