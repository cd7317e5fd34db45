"""First use (issue 19): the home page's two ways in, a session that ended says so, the terms
carry no operator command, "Mis acuses" says what each acuse is for, dates in lower case, and
the acuse PDF prints readable Zona Centro dates and the issuing official's name."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone

from buzon.cuentas.models import Sesion
from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.evidencia.pdf import pdf_sin_firma, valor_legible
from buzon.evidencia.sello import sellador
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.habilitacion.selectors import terminos_vigentes
from buzon.oficina.servicios import do_alta_oficial
from buzon.portal.presentacion_acuses import concepto
from tests.cuentas.fixtures import Patron
from tests.evidencia.test_pdf import texto_de
from tests.portal.test_buzon_paginas import _entrar

pytestmark = pytest.mark.django_db

RFC_OFICIAL = "GOMA800101AB6"


def test_la_portada_tiene_una_entrada_para_particulares_y_otra_para_oficiales(
    client: Client,
) -> None:
    pagina = client.get("/").content.decode()
    entradas = pagina[pagina.index('id="entradas"') :]
    assert 'href="/entrar/"' in entradas and "Entrar a mi buzón" in entradas
    assert 'href="/oficina/entrar/"' in entradas and "Entrar a la oficina" in entradas
    assert "Su sesión terminó" not in pagina


def test_al_salir_la_pagina_de_entrada_dice_que_la_sesion_termino(
    client: Client, patron_a: Patron
) -> None:
    _entrar(client, patron_a)
    salida = client.post("/salir/")
    assert salida.status_code == 302
    assert salida["Location"] == "/entrar/?sesion=terminada"
    assert salida.cookies[COOKIE].value == ""
    pagina = client.get(salida["Location"]).content.decode()
    assert "Su sesión terminó" in pagina
    assert 'role="status"' in pagina


def test_una_sesion_vencida_lleva_a_entrar_diciendo_que_termino(
    client: Client, patron_a: Patron
) -> None:
    _entrar(client, patron_a)
    Sesion.objects.update(expira=timezone.now() - timedelta(seconds=1))
    respuesta = client.get("/buzon/acuses/")
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/entrar/?siguiente=%2Fbuzon%2Facuses%2F&sesion=terminada"
    assert "Su sesión terminó" in client.get(respuesta["Location"]).content.decode()
    # Without any cookie (never logged in) nothing ended: the plain login page.
    nuevo = Client().get("/buzon/acuses/")
    assert nuevo["Location"] == "/entrar/?siguiente=%2Fbuzon%2Facuses%2F"
    assert "Su sesión terminó" not in Client().get(nuevo["Location"]).content.decode()


def test_un_oficial_que_sale_vuelve_a_la_entrada_de_la_oficina(
    client: Client, hacer_patron: object
) -> None:
    from tests.notificaciones.fixtures import entrar_oficial

    do_alta_oficial(rfc=RFC_OFICIAL, nombre="María Gómez Álvarez", rol="notificador",
                    subdelegacion="Centro")  # fmt: skip
    token = entrar_oficial(client, hacer_patron(RFC_OFICIAL))  # type: ignore[operator]
    client.cookies[COOKIE] = token
    assert client.get("/oficina/notificaciones/").status_code == 200
    salida = client.post("/salir/")
    assert salida["Location"] == "/oficina/entrar/?sesion=terminada"
    assert "Su sesión terminó" in client.get(salida["Location"]).content.decode()
    vencida = client.get("/oficina/notificaciones/")
    assert vencida["Location"].startswith("/oficina/entrar/?siguiente=")


def test_los_terminos_no_traen_instrucciones_del_operador() -> None:
    texto = terminos_vigentes().texto
    assert "buzon " not in texto.lower().replace("buzón", "")
    assert "--version" not in texto and "«buzon" not in texto
    assert texto.startswith("TÉRMINOS Y CONDICIONES DE USO DEL BUZÓN IMSS")


def test_la_migracion_quita_las_instrucciones_solo_si_nadie_firmo() -> None:
    from importlib import import_module

    from django.apps import apps

    from buzon.habilitacion.models import Buzon, TerminosCondiciones

    migracion = import_module("buzon.habilitacion.migrations.0004_terminos_v1_sin_instrucciones")
    viejo = "Texto base. «buzon habilitacion terminos --version V --archivo F»\n\n1. Objeto."
    TerminosCondiciones.objects.filter(version="1").update(texto=viejo)
    migracion.actualizar(apps, None)
    nuevo = TerminosCondiciones.objects.get(version="1").texto
    assert "«buzon" not in nuevo and nuevo == terminos_vigentes().texto
    # Signed: what was signed stays.
    TerminosCondiciones.objects.filter(version="1").update(texto=viejo)
    Buzon.objects.create(
        rfc="XIQB891116QE4",
        creado=timezone.now(),
        terminos=TerminosCondiciones.objects.get(version="1"),
        terminos_aceptados_en=timezone.now(),
    )
    migracion.actualizar(apps, None)
    assert TerminosCondiciones.objects.get(version="1").texto == viejo


def test_las_fechas_de_las_plantillas_van_en_minusculas() -> None:
    plantilla = Template("{% load fechas %}{{ dia|fecha }} · {{ instante|instante }}")
    texto = plantilla.render(
        Context({"dia": date(2026, 12, 3), "instante": datetime(2026, 12, 3, 15, 30, tzinfo=UTC)})
    )
    assert texto == (
        "3 de diciembre de 2026 · 3 de diciembre de 2026, 09:30:00 h, Zona Centro (UTC-06:00)"
    )
    # Django's own filter capitalises the month: the reason for ours.
    assert "Diciembre" in Template('{{ d|date:"F" }}').render(Context({"d": date(2026, 12, 3)}))


def _acuse(tipo: str, datos: dict[str, Any]) -> Acuse:
    return do_emitir_acuse(SolicitudAcuse(tipo=tipo, rfc="XIQB891116QE4", datos=datos))


def test_mis_acuses_dice_para_que_es_cada_uno(
    client: Client, patron_a: Patron, sello: CertificadoSello
) -> None:
    de_notificacion = _acuse(
        "notificacion",
        {"notificacion": "2026-AB12-CD34-EF567", "asunto": "Requerimiento de información"},
    )
    de_actuacion = _acuse(
        "actuacion", {"actuacion": 7, "nombre_tramite": "Aclaración de registros del buzón"}
    )
    de_terminos = _acuse("terminos", {"version": "1"})
    assert concepto(de_notificacion) == (
        "Notificación 2026-AB12-CD34-EF567: Requerimiento de información"
    )
    assert concepto(de_actuacion) == "Trámite presentado: Aclaración de registros del buzón"
    assert concepto(de_terminos) == "Términos y condiciones del Buzón, versión 1"
    _entrar(client, patron_a)
    pagina = client.get("/buzon/acuses/").content.decode()
    fila = re.search(rf"<tr><td>{de_notificacion.folio}</td>.*?</tr>", pagina, re.S)
    assert fila is not None
    assert "Constancia de notificación electrónica" in fila.group(0)
    assert "Notificación 2026-AB12-CD34-EF567" in fila.group(0)
    assert "Trámite presentado: Aclaración de registros del buzón" in pagina
    assert re.search(r"\d+ de [a-z]+ de \d{4}", pagina)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}", pagina)


def test_los_datos_del_acuse_en_pdf_no_traen_instantes_utc() -> None:
    assert valor_legible("2027-01-15T16:00:00+00:00") == (
        "15 de enero de 2027, 10:00:00 h, Zona Centro (UTC-06:00)"
    )
    assert valor_legible("2027-01-15T10:00:00-06:00") == valor_legible("2027-01-15T16:00:00Z")
    assert valor_legible("2027-01-15T16:00:00") == valor_legible("2027-01-15T16:00:00Z")
    assert valor_legible("2027-01-20") == "20 de enero de 2027"
    assert valor_legible("2026-AB12-CD34-EF567") == "2026-AB12-CD34-EF567"


def test_el_pdf_del_acuse_dice_fechas_legibles_y_el_nombre_del_emisor(
    sello: CertificadoSello, tmp_path: Path
) -> None:
    do_alta_oficial(rfc=RFC_OFICIAL, nombre="María Gómez Álvarez", rol="notificador",
                    subdelegacion="Centro")  # fmt: skip
    acuse = _acuse(
        "notificacion",
        {
            "notificacion": "2026-AB12-CD34-EF567",
            "emisor": RFC_OFICIAL,
            "aviso": "2027-01-15T16:00:00+00:00",
            "abierta": "2027-01-18T17:05:09.123456+00:00",
        },
    )
    pdf = pdf_sin_firma(acuse, "https://buzon.imss.gob.mx/verificar/x", sellador(sello.numero))
    texto = " ".join(texto_de(pdf, tmp_path).split())
    assert "María Gómez Álvarez (RFC GOMA800101AB6)" in texto
    assert "15 de enero de 2027, 10:00:00 h, Zona Centro (UTC-06:00)" in texto
    assert "18 de enero de 2027, 11:05:09 h, Zona Centro (UTC-06:00)" in texto
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", texto.split("Cadena original")[0])


def test_la_documentacion_de_la_api_dice_su_idioma(client: Client) -> None:
    pagina = client.get("/api/v1/docs")
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert '<html lang="es-MX">' in html
    assert "swagger-ui-bundle.js" in html and 'id="swagger-ui"' in html
    assert "cdn." not in html  # the bundled static files, never a CDN
