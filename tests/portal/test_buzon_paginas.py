"""The particular's pages without a browser: what the e.firma module would post, posted."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import Acuse, CertificadoSello
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db


def _entrar(client: Client, patron: Patron, siguiente: str = "/buzon/") -> object:
    pagina = client.get("/entrar/", {"siguiente": siguiente}).content.decode()
    reto = re.search(r'data-cadena="([^"]+)"', pagina)
    assert reto is not None
    valor = reto.group(1)
    return client.post(
        "/entrar/",
        {
            "reto": valor,
            "firma": patron.firmar(valor.encode()),
            "certificado": base64.b64encode(patron.cer).decode(),
            "siguiente": siguiente,
        },
    )


def test_sin_sesion_lleva_a_entrar(client: Client) -> None:
    respuesta = client.get("/buzon/")
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/entrar/?siguiente=%2Fbuzon%2F"


def test_entrar_pone_cookie_segura_y_salir_la_quita(client: Client, patron_a: Patron) -> None:
    respuesta = _entrar(client, patron_a)
    assert respuesta.status_code == 302  # type: ignore[attr-defined]
    assert respuesta["Location"] == "/buzon/"  # type: ignore[index]
    cookie = respuesta.cookies[COOKIE]  # type: ignore[attr-defined]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    pagina = client.get("/buzon/").content.decode()
    assert "sin medios de contacto" in pagina
    assert "XIQB891116QE4" in pagina
    client.post("/salir/")
    assert client.get("/buzon/").status_code == 302


def test_no_redirige_fuera_del_sitio(client: Client, patron_a: Patron) -> None:
    respuesta = _entrar(client, patron_a, siguiente="https://malicioso.example/")
    assert respuesta["Location"] == "/buzon/"  # type: ignore[index]


def test_firma_incorrecta_en_espanol(client: Client, patron_a: Patron) -> None:
    pagina = client.get("/entrar/").content.decode()
    reto = re.search(r'data-cadena="([^"]+)"', pagina).group(1)  # type: ignore[union-attr]
    respuesta = client.post(
        "/entrar/",
        {
            "reto": reto,
            "firma": patron_a.firmar(b"otra"),
            "certificado": base64.b64encode(patron_a.cer).decode(),
        },
    )
    assert respuesta.status_code == 400
    assert "La firma no corresponde" in respuesta.content.decode()
    assert COOKIE not in respuesta.cookies


def test_de_medios_a_habilitado_en_paginas(
    client: Client, patron_a: Patron, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    _entrar(client, patron_a)
    respuesta = client.post(
        "/buzon/medios/",
        {"correo": ["uno@empresa.mx", "", ""], "celular": "5512345678"},
    )
    assert respuesta.status_code == 302
    folio = respuesta["Location"].split("acuse=")[1]
    assert Acuse.objects.get(folio=folio).tipo == "registro_medios"
    mal = client.post(
        "/buzon/medios/confirmar/",
        {
            "valor": "uno@empresa.mx",
            "codigo": "000000" if codigos["uno@empresa.mx"] != "000000" else "111111",
        },
    )
    assert mal.status_code == 400
    assert "El código no es correcto" in mal.content.decode()
    for valor in ("uno@empresa.mx", "5512345678"):
        assert (
            client.post(
                "/buzon/medios/confirmar/", {"valor": valor, "codigo": codigos[valor]}
            ).status_code
            == 302
        )
    terminos = client.get("/buzon/terminos/").content.decode()
    cadena = re.search(r'data-cadena="([^"]+)"', terminos).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    respuesta = client.post(
        "/buzon/terminos/", {"version": "1", "firma": patron_a.firmar(cadena.encode())}
    )
    assert respuesta.status_code == 302
    assert "Estado:\n    habilitado" in client.get("/buzon/").content.decode()
    lista = client.get("/buzon/acuses/").content.decode()
    assert "Acuse de aceptación de términos y condiciones" in lista
    pdf = client.get(f"/buzon/acuses/{folio}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_medios_invalidos_en_la_pagina(
    client: Client, patron_a: Patron, sello: CertificadoSello
) -> None:
    _entrar(client, patron_a)
    respuesta = client.post("/buzon/medios/", {"correo": ["no-es-correo"], "celular": "55"})
    assert respuesta.status_code == 400
    texto = respuesta.content.decode()
    assert "no es una dirección de correo electrónico válida" in texto
    assert 'aria-invalid="true"' in texto
    assert not Acuse.objects.exists()


def test_pdf_de_otro_patron_404(
    client: Client, patron_a: Patron, patron_b: Patron, sello: CertificadoSello
) -> None:
    from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse

    ajeno = do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc=patron_b.rfc))
    _entrar(client, patron_a)
    assert client.get(f"/buzon/acuses/{ajeno.folio}/pdf").status_code == 404
    assert ajeno.folio not in client.get("/buzon/acuses/").content.decode()


def test_las_paginas_de_un_patron_no_tocan_las_de_otro(
    client: Client,
    patron_a: Patron,
    patron_b: Patron,
    sello: CertificadoSello,
    codigos: dict[str, str],
) -> None:
    _entrar(client, patron_a)
    client.post("/buzon/medios/", {"correo": ["a@empresa.mx"], "celular": "5512345678"})
    otro = Client()
    _entrar(otro, patron_b)
    pagina_b = otro.get("/buzon/").content.decode()
    assert "a@empresa.mx" not in pagina_b and "XIQB891116QE4" not in pagina_b
    respuesta = otro.post(
        "/buzon/medios/confirmar/", {"valor": "a@empresa.mx", "codigo": codigos["a@empresa.mx"]}
    )
    assert respuesta.status_code == 400
    assert "no es un medio de contacto registrado en su buzón" in respuesta.content.decode()
    reenvio = otro.post("/buzon/medios/confirmar/", {"valor": "a@empresa.mx", "reenviar": "1"})
    assert reenvio.status_code == 400
    terminos_b = otro.get("/buzon/terminos/").content.decode()
    assert "XIQB891116QE4" not in terminos_b
    assert "a@empresa.mx" not in otro.get("/buzon/medios/").content.decode()
    # A's mailbox is untouched by B's attempts.
    assert "por confirmar" in client.get("/buzon/").content.decode()
