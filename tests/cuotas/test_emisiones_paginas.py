"""The pages of Mis documentos → Emisiones and the officials' page, without a browser: the list
(newest first, filters, pagination), one emisión (totals, workers, parameters, por aclarar,
downloads), the cotejo form, another employer refused on every page (404), an official without
the administrador role refused, and no GET writing (issue 13 §4)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from buzon.cuentas.navegador import COOKIE
from buzon.cuotas.emisiones import generacion, vistas
from buzon.cuotas.emisiones.modelos import CorridaEmision, Emision
from buzon.sistema import trabajo
from tests.cuentas.fixtures import Patron, entrar
from tests.cuotas.test_emisiones_generacion import ledger, nss
from tests.notificaciones.fixtures import entrar_oficial

__all__ = ["ledger"]  # a fixture, used by name

pytestmark = pytest.mark.django_db

ESCRIBE = ("INSERT", "UPDATE", "DELETE")


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
        if q["sql"].lstrip().upper().startswith(ESCRIBE)
    ]
    assert escrituras == [], escrituras
    return respuesta


def _planta(csv: str) -> bytes:
    lineas = csv.splitlines()
    plantado = [lineas[0]] + [x.replace(",717.94,", ",700.00,") for x in lineas[1:]]
    return ("\r\n".join(plantado) + "\r\n").encode()


def test_sin_sesion_llevan_a_entrar(client: Client) -> None:
    for ruta in ("/buzon/documentos/", "/buzon/documentos/emisiones/1/"):
        respuesta = client.get(ruta)
        assert respuesta.status_code == 302
        assert respuesta["Location"].startswith("/entrar/?siguiente=")
    oficina = client.get("/oficina/emisiones/")
    assert oficina.status_code == 302 and oficina["Location"].startswith("/oficina/entrar/")


def test_mis_documentos_lista_filtros_y_paginas(
    ledger: None, patron_a: Patron, patron_b: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    generacion.generar("2026-04")
    generacion.generar("2026-B2")
    a = _navegador(patron_a)
    pagina = _no_escribe(lambda: a.get("/buzon/documentos/"))
    assert pagina.status_code == 200
    texto = _texto(pagina)
    assert "Emisiones" in texto
    filas = [
        (e.periodo, e.registro_patronal)
        for e in Emision.objects.filter(rfc=patron_a.rfc).order_by("-periodo_clave", "-id")
    ]
    assert filas[0][0] == "2026-B2" and len(filas) == 4
    posiciones = [
        texto.index(f'data-periodo="{p}"', texto.index("lista-emisiones")) for p, _ in filas
    ]
    assert posiciones == sorted(posiciones)  # newest period first
    assert "Z0000000001" not in texto  # the other employer's registro
    solo = _texto(a.get("/buzon/documentos/?registro=Y5412345109&periodo=2026-04"))
    assert solo.count('data-registro="Y5412345109" data-periodo="2026-04"') == 1
    assert 'data-registro="Y5412345108"' not in solo and 'data-periodo="2026-B2"' not in solo
    ajeno = a.get("/buzon/documentos/?registro=Z0000000001")
    assert ajeno.status_code == 400
    assert "El registro patronal Z0000000001 no es suyo" in _texto(ajeno)
    assert 'data-registro="Z0000000001"' not in _texto(ajeno)
    malo = a.get("/buzon/documentos/?periodo=2026-13")
    assert malo.status_code == 400 and 'aria-invalid="true"' in _texto(malo)
    monkeypatch.setattr(vistas, "POR_PAGINA", 3)
    primera, segunda = (
        _texto(a.get("/buzon/documentos/")),
        _texto(a.get("/buzon/documentos/?pagina=2")),
    )
    assert primera.count("<tr data-registro=") == 3 and 'rel="next"' in primera
    assert segunda.count("<tr data-registro=") == 1 and 'rel="prev"' in segunda
    b = _texto(_navegador(patron_b).get("/buzon/documentos/"))
    assert 'data-registro="Z0000000001"' in b and "Y5412345108" not in b


def test_detalle_descargas_y_cotejo(ledger: None, patron_a: Patron, sello: Any) -> None:
    generacion.generar("2026-04")
    a = _navegador(patron_a)
    e = Emision.objects.get(registro_patronal="Y5412345108")
    ruta = f"/buzon/documentos/emisiones/{e.pk}/"
    texto = _texto(_no_escribe(lambda: a.get(ruta)))
    assert "Cuota fija (LSS 106-I)" in texto and "717.94" in texto
    assert f'data-nss="{nss(1)}"' in texto and f'data-nss="{nss(2)}"' in texto
    assert "Trabajador " + nss(1) in texto
    assert "UMA el primer día del periodo (pesos)" in texto and "117.31" in texto
    assert "Prima de riesgos de trabajo (%)" in texto and "0.54355" in texto
    assert e.parametros["version_tablas"] in texto
    assert "nss,cuota_fija_patron,excedente_patron" in texto  # the header to upload
    assert "no se guarda" in texto
    aclarar = Emision.objects.get(registro_patronal="Y5412345109")
    otra = _texto(a.get(f"/buzon/documentos/emisiones/{aclarar.pk}/"))
    assert nss(4) in otra.split('id="por-aclarar"', 1)[1].split("</section>", 1)[0]
    pdf = _no_escribe(lambda: a.get(ruta + "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment;")
    csv = _no_escribe(lambda: a.get(ruta + "csv"))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    contenido = csv.content.decode()
    assert contenido.startswith("nss,nombre,dias_cotizados") and nss(1) in contenido
    # The cotejo: a planted difference in one worker's cuota fija; nothing is written.
    subido = SimpleUploadedFile("nomina.csv", _planta(contenido), "text/csv")
    respuesta = _no_escribe(lambda: a.post(ruta, {"archivo": subido}))
    assert respuesta.status_code == 200
    resultado = _texto(respuesta).split('id="resultado-cotejo"', 1)[1]
    fila = resultado.split(f'data-nss="{nss(1)}" data-columna="cuota_fija_patron"', 1)[1]
    fila = fila.split("</tr>", 1)[0]
    assert "Cuota fija (LSS 106-I), patrón" in fila
    assert "717.94" in fila and "700.00" in fila and "-17.94" in fila
    assert f'data-nss="{nss(2)}"' not in resultado.split("</table>", 1)[0]
    assert "Trabajadores con diferencias: <strong>1</strong>" in resultado
    # Errors per row, GOV.UK style: the line and the column, the good rows still compared.
    malo = contenido.splitlines()
    malo[1] = malo[1].replace(nss(1), "12345678901")
    subido = SimpleUploadedFile("nomina.csv", ("\r\n".join(malo) + "\r\n").encode(), "text/csv")
    con_error = _texto(a.post(ruta, {"archivo": subido}))
    assert "Línea 2, columna «nss»" in con_error
    assert "coinciden en todo: <strong>1</strong>" in con_error
    binario = SimpleUploadedFile("x.csv", b"\x00\x01PK", "text/csv")
    rechazo = a.post(ruta, {"archivo": binario})
    assert rechazo.status_code == 400
    assert "no es un CSV de texto" in _texto(rechazo) and 'aria-invalid="true"' in _texto(rechazo)
    vacio = a.post(ruta, {})
    assert vacio.status_code == 400 and "Elija el CSV" in _texto(vacio)


def test_otro_patron_recibe_404_en_toda_pagina(
    ledger: None, patron_a: Patron, patron_b: Patron, sello: Any
) -> None:
    generacion.generar("2026-04")
    e = Emision.objects.get(registro_patronal="Y5412345108")
    b = _navegador(patron_b)
    ruta = f"/buzon/documentos/emisiones/{e.pk}/"
    inexistente = f"/buzon/documentos/emisiones/{e.pk + 1000}/"
    for respuesta in (
        b.get(ruta),
        b.get(ruta + "pdf"),
        b.get(ruta + "csv"),
        b.post(ruta, {"archivo": SimpleUploadedFile("m.csv", b"nss\r\n", "text/csv")}),
        b.get(inexistente),
    ):
        assert respuesta.status_code == 404
        texto = _texto(respuesta)
        assert "No tiene una emisión con ese número" in texto
        assert e.folio not in texto and "717.94" not in texto


def test_pagina_de_la_oficina(ledger: None, hacer_funcionario: Callable[..., Any]) -> None:
    notificador = hacer_funcionario("GOCA741120HY0", rol="notificador")
    otro = Client()
    otro.cookies[COOKIE] = entrar_oficial(notificador.cliente, notificador.patron)
    for respuesta in (
        otro.get("/oficina/emisiones/"),
        otro.post("/oficina/emisiones/", {"periodo": "2026-04"}),
    ):
        assert respuesta.status_code == 403
        assert "corresponde a un administrador" in _texto(respuesta)
    assert not CorridaEmision.objects.exists()
    admin = hacer_funcionario("MEBE850101AB4", rol="administrador")
    oficina = Client()
    oficina.cookies[COOKIE] = entrar_oficial(admin.cliente, admin.patron)
    vacia = _no_escribe(lambda: oficina.get("/oficina/emisiones/"))
    assert vacia.status_code == 200 and "Aún no se ha generado ningún periodo" in _texto(vacia)
    pedida = oficina.post("/oficina/emisiones/", {"periodo": "2026-04"})
    assert pedida.status_code == 302 and not Emision.objects.exists()
    assert pedida["Location"] == "/oficina/emisiones/?pedida=2026-04#hecha"
    assert "En curso" in _texto(oficina.get(pedida["Location"]))
    trabajo.una_pasada()
    hecha = _no_escribe(lambda: oficina.get(pedida["Location"]))
    assert hecha.status_code == 200
    texto = _texto(hecha)
    assert "Periodo 2026-04 (EMA): Terminada" in texto
    assert "3 emisiones de 3 registros patronales, 4 trabajadores" in texto
    assert "1 por aclarar" in texto
    assert Emision.objects.count() == 3
    corrida = CorridaEmision.objects.get()
    assert corrida.solicitante == "MEBE850101AB4"
    otra_vez = _texto(oficina.post("/oficina/emisiones/", {"periodo": "2026-04"}, follow=True))
    assert "3 emisiones" in otra_vez and Emision.objects.count() == 3  # idempotent
    lista = _texto(_no_escribe(lambda: oficina.get("/oficina/emisiones/")))
    assert 'data-periodo="2026-04" data-estado="terminada"' in lista and "MEBE850101AB4" in lista
    malo = oficina.post("/oficina/emisiones/", {"periodo": "2026-13"})
    assert malo.status_code == 400 and 'aria-invalid="true"' in _texto(malo)


def test_enlaces_a_mis_documentos(patron_a: Patron) -> None:
    texto = _texto(_navegador(patron_a).get("/buzon/"))
    assert texto.count('href="/buzon/documentos/"') == 2  # the menu and the mailbox home
