"""First use of the notification pages (issue 19), without a browser: employers search and filter
Mis notificaciones by folio, date range and state (server-side, paginated, Spanish errors); the
state reads as a badge with text; cancelling asks for confirmation and the page stops promising a
deemed date; the batch page offers the browser builder next to the upload."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.notificaciones.caras import filtros, vistas
from buzon.notificaciones.emision.servicios import Solicitud, do_emitir_notificacion
from buzon.notificaciones.entrega.apertura import do_abrir
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import avisar
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba
from tests.notificaciones.test_paginas import VIERNES, cliente_de, oficina

pytestmark = pytest.mark.django_db


@pytest.fixture
def viernes() -> Iterator[None]:
    with time_machine.travel(VIERNES, tick=False):
        yield


def emitir(funcionario: Funcionario, rfc: str, texto: str, ruta: str = "") -> Notificacion:
    pdf = pdf_de_prueba(texto)
    resultado = do_emitir_notificacion(
        funcionario.oficial,
        funcionario.patron.cer,
        Solicitud(
            clave=f"primer-uso:{rfc}:{texto}",
            rfc=rfc,
            tipo="7.1",
            asunto=f"Resolución {texto}",
            documento=base64.b64encode(pdf).decode(),
            firma=funcionario.patron.firmar(pdf),
            ruta=ruta,
        ),
    )
    assert resultado.notificacion is not None
    avisar()
    resultado.notificacion.refresh_from_db()
    return resultado.notificacion


def _texto(respuesta: Any) -> str:
    return html.unescape(str(respuesta.content.decode()))


def _folios(pagina: str) -> set[str]:
    return set(re.findall(r'<a href="/buzon/notificaciones/\d+/">([^<]+)</a>', pagina))


@pytest.mark.usefixtures("viernes")
def test_buscar_por_folio_fechas_y_estado(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    vieja = emitir(notificador, patron_a.rfc, "vieja")
    assert vieja.aviso is not None
    Notificacion.objects.filter(pk=vieja.pk).update(aviso=vieja.aviso - timedelta(days=40))
    abierta = emitir(notificador, patron_a.rfc, "abierta")
    do_abrir(abierta.pk, patron_a.rfc)
    pendiente = emitir(notificador, patron_a.rfc, "pendiente")
    cliente = cliente_de(patron_a)

    todas = _texto(cliente.get("/buzon/notificaciones/"))
    assert _folios(todas) == {vieja.folio, abierta.folio, pendiente.folio}
    assert 'id="buscar"' in todas and 'role="search"' in todas

    por_folio = _texto(cliente.get("/buzon/notificaciones/", {"folio": pendiente.folio[-6:]}))
    assert pendiente.folio in _folios(por_folio)
    assert abierta.folio not in _folios(por_folio)
    assert 'id="quitar-filtros"' in por_folio

    notificadas = _texto(cliente.get("/buzon/notificaciones/", {"estado": "notificada"}))
    assert abierta.folio in _folios(notificadas) and pendiente.folio not in _folios(notificadas)
    pendientes = _texto(cliente.get("/buzon/notificaciones/", {"estado": "pendiente"}))
    assert pendiente.folio in _folios(pendientes) and abierta.folio not in _folios(pendientes)

    hoy = VIERNES.date().isoformat()
    recientes = _texto(
        cliente.get("/buzon/notificaciones/", {"aviso_desde": hoy, "aviso_hasta": hoy})
    )
    assert vieja.folio not in _folios(recientes)
    assert {abierta.folio, pendiente.folio} <= _folios(recientes)
    antes = (VIERNES.date() - timedelta(days=30)).isoformat()
    viejas = _texto(cliente.get("/buzon/notificaciones/", {"aviso_hasta": antes}))
    assert _folios(viejas) == {vieja.folio}
    nada = _texto(cliente.get("/buzon/notificaciones/", {"folio": "NOEXISTE"}))
    assert 'id="sin-resultados"' in nada and not _folios(nada)


@pytest.mark.usefixtures("viernes")
def test_filtros_invalidos_con_mensaje_en_espanol(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    emitir(notificador, patron_a.rfc, "una")
    cliente = cliente_de(patron_a)
    for consulta, campo, frase in (
        ({"aviso_desde": "99999999999999999999"}, "aviso_desde", "no es válida"),
        ({"aviso_hasta": "2026-02-30"}, "aviso_hasta", "AAAA-MM-DD"),
        ({"aviso_desde": "2027-01-20", "aviso_hasta": "2027-01-10"}, "aviso_desde", "posterior"),
        ({"estado": "borrada"}, "estado", "no es un estado"),
        ({"folio": "X" * 41}, "folio", "a lo más 40"),
    ):
        respuesta = cliente.get("/buzon/notificaciones/", consulta)
        assert respuesta.status_code == 400, consulta
        pagina = _texto(respuesta)
        assert re.search(rf'<a href="#{campo}" data-campo="{campo}">[^<]*{frase}', pagina), consulta
        assert re.search(rf'id="{campo}"[^>]*aria-invalid="true"', pagina), consulta


@pytest.mark.usefixtures("viernes")
def test_paginado_conserva_los_filtros(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    habilitar(patron_a.rfc)
    for i in range(3):
        emitir(notificador, patron_a.rfc, f"n{i}")
    monkeypatch.setattr(vistas, "POR_PAGINA", 2)
    cliente = cliente_de(patron_a)
    primera = _texto(cliente.get("/buzon/notificaciones/", {"estado": "pendiente"}))
    assert len(_folios(primera)) == 2
    assert 'href="?estado=pendiente&pagina=2"' in primera
    segunda = _texto(cliente.get("/buzon/notificaciones/", {"estado": "pendiente", "pagina": "2"}))
    assert len(_folios(segunda)) == 1 and not _folios(segunda) & _folios(primera)


def test_leer_filtros_puro() -> None:
    leidos = filtros.leer({"folio": " ab-1 ", "aviso_desde": "2027-01-01", "estado": "cancelada"})
    assert leidos.folio == "AB-1" and leidos.estado == "cancelada"
    assert leidos.como_consulta() == {
        "folio": "AB-1",
        "aviso_desde": "2027-01-01",
        "estado": "cancelada",
    }
    assert not filtros.leer({}).activos


@pytest.mark.usefixtures("viernes")
def test_estado_como_insignia_con_texto(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    abierta = emitir(notificador, patron_a.rfc, "abierta")
    do_abrir(abierta.pk, patron_a.rfc)
    pendiente = emitir(notificador, patron_a.rfc, "pendiente")
    cliente = cliente_de(patron_a)
    lista = _texto(cliente.get("/buzon/notificaciones/"))
    assert '<span class="insignia insignia-pendiente">pendiente de abrir</span>' in lista
    assert '<span class="insignia insignia-notificada">notificada</span>' in lista
    detalle = _texto(cliente.get(f"/buzon/notificaciones/{pendiente.pk}/"))
    assert '<span class="insignia insignia-pendiente" id="estado">pendiente</span>' in detalle


@pytest.mark.usefixtures("viernes")
def test_cancelar_pide_confirmacion_y_deja_de_prometer_fecha(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    n = emitir(notificador, patron_a.rfc, "por cancelar")
    cliente = oficina(supervisor)
    antes = _texto(cliente.get(f"/oficina/notificaciones/{n.pk}/"))
    assert "Se tiene por notificada, si no la abre" in antes
    assert re.search(
        r'<input type="checkbox" id="confirmo" name="confirmo" value="1" required', antes
    )

    sin_confirmar = cliente.post(f"/oficina/notificaciones/{n.pk}/cancelar/", {"motivo": "Error"})
    assert sin_confirmar.status_code == 400
    pagina = _texto(sin_confirmar)
    assert "Marque la casilla «Confirmo que quiero cancelar esta notificación»" in pagina
    assert re.search(r'id="confirmo"[^>]*aria-invalid="true"', pagina)
    n.refresh_from_db()
    assert n.cancelada is None

    hecha = cliente.post(
        f"/oficina/notificaciones/{n.pk}/cancelar/", {"motivo": "Error", "confirmo": "1"}
    )
    assert hecha.status_code == 302
    despues = _texto(cliente.get(hecha["Location"]))
    assert "Se tiene por notificada, si no la abre" not in despues
    assert 'class="insignia insignia-cancelada"' in despues
    lista_oficina = _texto(cliente.get("/oficina/notificaciones/"))
    assert '<span class="insignia insignia-cancelada">Cancelada</span>' in lista_oficina
    particular = _texto(cliente_de(patron_a).get(f"/buzon/notificaciones/{n.pk}/"))
    assert "quedará notificada" not in particular and "no surte efectos" in particular
    assert '<span class="insignia insignia-cancelada" id="estado">cancelada</span>' in particular


@pytest.mark.usefixtures("viernes")
def test_pagina_de_lotes_ofrece_armarlos_en_el_navegador(notificador: Funcionario) -> None:
    pagina = _texto(oficina(notificador).get("/oficina/lotes/nuevo/"))
    assert 'id="armar-formulario"' in pagina and 'id="lote-pdfs"' in pagina
    assert '<option value="7.1">' in pagina
    assert "notificaciones/lote_armar.js" in pagina
    # No secret field has a name: nothing of the e.firma can be sent by a form.
    for campo in ("lote-cer", "lote-key", "lote-password"):
        etiqueta = re.search(rf'<input [^>]*id="{campo}"[^>]*>', pagina)
        assert etiqueta is not None and " name=" not in etiqueta[0]
    assert "<script>" not in pagina and " style=" not in pagina


def test_sin_sesion_no_hay_lista(client: Client) -> None:
    assert client.get("/buzon/notificaciones/?estado=pendiente").status_code == 302


@pytest.mark.usefixtures("viernes")
def test_api_con_los_mismos_filtros_opcionales(notificador: Funcionario, patron_a: Patron) -> None:
    from tests.notificaciones.fixtures import sesion_particular

    habilitar(patron_a.rfc)
    abierta = emitir(notificador, patron_a.rfc, "abierta")
    do_abrir(abierta.pk, patron_a.rfc)
    pendiente = emitir(notificador, patron_a.rfc, "pendiente")
    cliente, cabecera = sesion_particular(patron_a)

    todas = cliente.get("/api/v1/notificaciones", **cabecera).json()
    assert (todas["total"], todas["encontradas"], todas["pendientes"]) == (2, 2, 1)
    notificadas = cliente.get("/api/v1/notificaciones?estado=notificada", **cabecera).json()
    assert [n["folio"] for n in notificadas["notificaciones"]] == [abierta.folio]
    assert (notificadas["total"], notificadas["encontradas"]) == (2, 1)
    hoy = VIERNES.date().isoformat()
    por_fecha = cliente.get(
        f"/api/v1/notificaciones?aviso_desde={hoy}&aviso_hasta={hoy}&limite=1&desde=1",
        **cabecera,
    ).json()
    assert por_fecha["encontradas"] == 2 and len(por_fecha["notificaciones"]) == 1
    por_folio = cliente.get(
        f"/api/v1/notificaciones?folio={pendiente.folio.lower()}", **cabecera
    ).json()
    assert [n["folio"] for n in por_folio["notificaciones"]] == [pendiente.folio]

    for consulta, codigo, campo in (
        ("aviso_desde=99999999999999999999", "fecha_invalida", "aviso_desde"),
        ("aviso_desde=2027-01-20&aviso_hasta=2027-01-10", "rango_invalido", "aviso_desde"),
        ("estado=avisada", "estado_invalido", "estado"),
    ):
        respuesta = cliente.get(f"/api/v1/notificaciones?{consulta}", **cabecera)
        assert respuesta.status_code == 400, consulta
        cuerpo = respuesta.json()
        assert (cuerpo["error"], cuerpo["campo"]) == (codigo, campo)
        assert cuerpo["mensaje"]
