"""The pages without a browser: Autorizaciones (form errors next to their field, the list),
one authorisation (sign, revoke signed), «Publicar mi opinión» on and off, Me autorizaron, the
menu link, another particular's id a 404 on every page, and no GET writing."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from buzon.terceros import selectors
from buzon.terceros.models import Autorizacion
from tests.cuentas.fixtures import Patron, entrar
from tests.terceros.fixtures import OTRO, TERCERO, TITULAR

pytestmark = pytest.mark.django_db


def _navegador(patron: Patron) -> Client:
    navegador = Client()
    navegador.cookies[COOKIE] = entrar(Client(), patron)
    return navegador


def _texto(respuesta: Any) -> str:
    return html.unescape(str(respuesta.content.decode()))


def _no_escribe(hacer: Callable[[], Any]) -> Any:
    with CaptureQueriesContext(connection) as consultas:
        respuesta = hacer()
    escrituras = [
        q["sql"]
        for q in consultas.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "buzon_sesion" not in q["sql"]
        and "cuentas_sesion" not in q["sql"]
    ]
    assert escrituras == [], escrituras
    return respuesta


def _cadena(texto: str, ident: str) -> str:
    encontrada = re.search(rf'id="{ident}">([^<]*)<', texto)
    assert encontrada, texto
    return encontrada[1]


def test_otorgar_firmar_y_revocar_en_las_paginas(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    patron = hacer_patron(TITULAR)
    n = _navegador(patron)
    inicio = n.get("/autorizaciones/")
    assert inicio.status_code == 200
    texto = _texto(inicio)
    assert "Aún no ha autorizado a nadie" in texto
    assert 'href="/autorizaciones/"' in texto  # the menu link

    # Errors next to their field, the values kept.
    for datos, campo, frase in (
        ({"tercero": "NOESRFC", "alcance": "opinion"}, "tercero", "no es un RFC válido"),
        ({"tercero": TITULAR, "alcance": "opinion"}, "tercero", "No puede autorizarse a sí mismo"),
        ({"tercero": TERCERO, "alcance": "publicacion"}, "alcance", "Elija qué autoriza"),
        ({"tercero": TERCERO, "alcance": "opinion", "vence": "2020-01-01"}, "vence", "posterior"),
    ):
        r = n.post("/autorizaciones/", datos)
        assert r.status_code == 400, datos
        cuerpo = _texto(r)
        assert f'id="error-{campo}"' in cuerpo and frase in cuerpo, datos
        assert f'href="#{campo}"' in cuerpo  # the error summary links to the field
    assert not Autorizacion.objects.exists()

    r = n.post("/autorizaciones/", {"tercero": TERCERO, "alcance": "emisiones", "vence": ""})
    assert r.status_code == 302
    detalle = r["Location"]
    pagina = _texto(_no_escribe(lambda: n.get(detalle)))
    assert "Por firmar" in pagina and 'data-efirma="formulario"' in pagina
    cadena = _cadena(pagina, "cadena")
    firmada = n.post(detalle + "firmar/", {"firma": patron.firmar(cadena.encode())})
    assert firmada.status_code == 302 and "?acuse=" in firmada["Location"]
    assert selectors.autorizado(TITULAR, TERCERO, "emisiones")
    pagina = _texto(n.get(firmada["Location"]))
    assert "Vigente" in pagina and 'id="folio"' in pagina and 'id="revocar"' in pagina
    folio = firmada["Location"].split("?acuse=")[1]
    pdf = n.get(f"/buzon/acuses/{folio}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    lista = _texto(n.get("/autorizaciones/"))
    assert TERCERO in lista and "Consultar mis emisiones" in lista and "Vigente" in lista

    # Revoking: the cadena is prepared by a POST, then signed.
    assert n.post(detalle + "revocar/").status_code == 302
    pagina = _texto(n.get(detalle))
    revocacion = _cadena(pagina, "cadena-revocacion")
    mala = n.post(detalle + "revocacion/firmar/", {"firma": patron.firmar(b"otra")})
    assert mala.status_code == 400 and "firma" in _texto(mala).lower()
    assert selectors.autorizado(TITULAR, TERCERO, "emisiones")
    hecha = n.post(detalle + "revocacion/firmar/", {"firma": patron.firmar(revocacion.encode())})
    assert hecha.status_code == 302
    pagina = _texto(n.get(hecha["Location"]))
    assert "Revocada" in pagina and 'id="folio-revocacion"' in pagina
    assert not selectors.autorizado(TITULAR, TERCERO, "emisiones")

    # Another particular: every page of that id is the 404 page.
    ajeno = _navegador(hacer_patron(OTRO))
    assert ajeno.get(detalle).status_code == 404
    for sufijo in ("firmar/", "revocar/", "revocacion/firmar/"):
        assert ajeno.post(detalle + sufijo, {"firma": "x"}).status_code == 404, sufijo
    assert TERCERO not in _texto(ajeno.get("/autorizaciones/"))
    # Without a session: to the login page.
    assert "/entrar/" in Client().get("/autorizaciones/")["Location"]


def test_publicar_mi_opinion_y_me_autorizaron(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    patron, patron_tercero = hacer_patron(TITULAR), hacer_patron(TERCERO)
    n = _navegador(patron)
    assert 'data-publicada="no"' in _texto(n.get("/autorizaciones/"))
    r = n.post("/autorizaciones/publicacion/")
    assert r.status_code == 302
    # Asked again before signing: the same one, not a second.
    assert n.post("/autorizaciones/publicacion/")["Location"] == r["Location"]
    assert Autorizacion.objects.count() == 1
    pagina = _texto(n.get(r["Location"]))
    assert "Instituto Mexicano del Seguro Social" in pagina
    firma = patron.firmar(_cadena(pagina, "cadena").encode())
    assert n.post(r["Location"] + "firmar/", {"firma": firma}).status_code == 302
    assert selectors.publicacion_autorizada(TITULAR)
    assert 'data-publicada="si"' in _texto(n.get("/autorizaciones/"))
    # Off: the cancellation is prepared and signed too.
    apagar = n.post("/autorizaciones/publicacion/")
    assert apagar["Location"] == r["Location"]
    revocacion = _cadena(_texto(n.get(apagar["Location"])), "cadena-revocacion")
    hecha = n.post(
        apagar["Location"] + "revocacion/firmar/", {"firma": patron.firmar(revocacion.encode())}
    )
    assert hecha.status_code == 302
    assert not selectors.publicacion_autorizada(TITULAR)
    assert 'data-publicada="no"' in _texto(n.get("/autorizaciones/"))

    # Me autorizaron: the third party sees who authorised it (never the publication).
    n.post("/autorizaciones/", {"tercero": TERCERO, "alcance": "opinion"})
    fila = Autorizacion.objects.get(alcance="opinion")
    n.post(f"/autorizaciones/{fila.pk}/firmar/", {"firma": patron.firmar(fila.cadena.encode())})
    t = _navegador(patron_tercero)
    recibidas = _texto(_no_escribe(lambda: t.get("/autorizaciones/recibidas/")))
    assert TITULAR in recibidas and "Consultar mi opinión de cumplimiento" in recibidas
    assert "Publicar" not in recibidas.split("<main", 1)[1].split("</main>")[0]
    assert _no_escribe(lambda: n.get("/autorizaciones/")).status_code == 200
    vacia = _texto(_navegador(hacer_patron(OTRO)).get("/autorizaciones/recibidas/?todas=1"))
    assert "Nadie le ha autorizado" in vacia
