"""The particular's acuses over the API: own only; another employer gets 404, nobody gets 401."""

from __future__ import annotations

import pytest
from django.test import Client

from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db


@pytest.fixture
def acuses(sello: CertificadoSello) -> dict[str, Acuse]:
    return {
        rfc: do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc=rfc, datos={"version": "1"}))
        for rfc in ("XIQB891116QE4", "H&E951128469")
    }


def test_lista_solo_los_propios(
    client: Client, patron_a: Patron, patron_b: Patron, acuses: dict[str, Acuse]
) -> None:
    for patron in (patron_a, patron_b):
        token = entrar(client, patron)
        cuerpo = client.get("/api/v1/acuses", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        assert [a["folio"] for a in cuerpo["acuses"]] == [acuses[patron.rfc].folio]
        propio = cuerpo["acuses"][0]
        assert propio["cadena_original"] == acuses[patron.rfc].cadena_original
        assert propio["verificacion"].endswith(f"?c={acuses[patron.rfc].codigo_verificacion}")
        assert set(propio) >= {
            "folio",
            "tipo",
            "rfc",
            "emitido",
            "cadena_original",
            "sello",
            "certificado_sello",
            "verificacion",
        }


@pytest.mark.parametrize("sufijo", ["", "/pdf"])
def test_el_acuse_de_otro_patron_no_existe_para_mi(
    client: Client, patron_a: Patron, acuses: dict[str, Acuse], sufijo: str
) -> None:
    token = entrar(client, patron_a)
    ajeno = acuses["H&E951128469"].folio
    respuesta = client.get(f"/api/v1/acuses/{ajeno}{sufijo}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert respuesta.status_code == 404
    assert respuesta.json()["error"] == "no_encontrado"
    assert "H&E" not in respuesta.content.decode()
    propio = acuses["XIQB891116QE4"].folio
    assert (
        client.get(f"/api/v1/acuses/{propio}", HTTP_AUTHORIZATION=f"Bearer {token}").json()["folio"]
        == propio
    )


def test_sin_sesion_401(client: Client, acuses: dict[str, Acuse]) -> None:
    folio = acuses["XIQB891116QE4"].folio
    for ruta in ("/api/v1/acuses", f"/api/v1/acuses/{folio}", f"/api/v1/acuses/{folio}/pdf"):
        assert client.get(ruta).status_code == 401
        assert client.get(ruta, HTTP_AUTHORIZATION="Bearer inventado").status_code == 401


def test_pdf_del_acuse_propio(client: Client, patron_a: Patron, acuses: dict[str, Acuse]) -> None:
    token = entrar(client, patron_a)
    folio = acuses["XIQB891116QE4"].folio
    respuesta = client.get(f"/api/v1/acuses/{folio}/pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert respuesta.content.startswith(b"%PDF-")
    assert b"/ByteRange" in respuesta.content  # signed
