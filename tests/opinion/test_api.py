"""The opinión de cumplimiento through the API (relación 9.2–9.4): the journey from the imported
padrón, ledger and créditos to each sentido with its motivos; the sealed PDF (pdfsig, QR); the
third party before and after revocation; the public consultation on and off; *Mis consultas*;
and every route refusing another RFC's opinión."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.opinion.models import Consulta, Opinion
from buzon.opinion.servicios import NO_PUBLICA
from tests.actuaciones.fixtures import API, Cliente
from tests.cuentas.fixtures import Patron
from tests.evidencia.test_pdf import correr, herramienta, nss_con_ac, pdfsig, texto_de
from tests.opinion.ayudas import (
    REGISTRO,
    TERCERO,
    TITULAR,
    importar_creditos,
    titular_con_trabajadores,
)
from tests.terceros.fixtures import OTRO, otorgar, revocar

__all__ = ["nss_con_ac"]  # a fixture, used by name

pytestmark = pytest.mark.django_db

CREDITO = (TITULAR, REGISTRO, "1234567", "cuotas obrero-patronales", "2026-03", "1234.56")


@pytest.fixture
def datos(tmp_path: Path, sello: CertificadoSello) -> Path:
    titular_con_trabajadores(tmp_path)
    return tmp_path


@pytest.fixture
def titular(patron_a: Patron) -> Cliente:
    assert patron_a.rfc == TITULAR
    return Cliente(Client(), patron_a)


@pytest.fixture
def tercero(patron_b: Patron) -> Cliente:
    assert patron_b.rfc == TERCERO
    return Cliente(Client(), patron_b)


@pytest.fixture
def otro(hacer_patron: Any) -> Cliente:
    return Cliente(Client(), hacer_patron(OTRO))


def _opinion(c: Cliente, cuerpo: dict[str, Any] | None = None) -> dict[str, Any]:
    respuesta = c.post("/opinion", cuerpo if cuerpo is not None else {})
    assert respuesta.status_code == 201, respuesta.content
    cuerpo_json: dict[str, Any] = respuesta.json()
    return cuerpo_json


def test_positiva_negativa_y_sin_opinion_con_sus_motivos(
    datos: Path, titular: Cliente, tercero: Cliente, settings: Any
) -> None:
    settings.BUZON_URL_PUBLICA = "https://buzon.imss.gob.mx"
    # Without a body at all (the motivo is optional).
    sin_cuerpo = titular.client.post(
        f"{API}/opinion", "", content_type="application/json", headers=titular.cabecera
    )
    assert sin_cuerpo.status_code == 201, sin_cuerpo.content
    for no_objeto in ("-2.5e16", "[]", '"texto"'):
        rechazado = titular.client.post(
            f"{API}/opinion", no_objeto, content_type="application/json", headers=titular.cabecera
        )
        assert rechazado.status_code == 400, (no_objeto, rechazado.content)
    positiva = _opinion(titular, {"motivo": "Licitación pública LA-050GYR019-E1-2026"})
    assert set(positiva) == {
        "folio",
        "sentido",
        "motivos",
        "emitida",
        "vigente_hasta",
        "verificacion",
    }
    assert positiva["sentido"] == "positiva"
    assert any("3 trabajadores vigentes" in m for m in positiva["motivos"])
    assert any("modalidad 40" in m and "no se cuentan" in m for m in positiva["motivos"])
    acuse = Acuse.objects.get(folio=positiva["folio"])
    assert positiva["verificacion"] == (
        f"https://buzon.imss.gob.mx/verificar/{acuse.folio}?c={acuse.codigo_verificacion}"
    )
    assert acuse.tipo == "opinion_cumplimiento" and acuse.rfc == TITULAR
    assert "|sentido=positiva|" in acuse.cadena_original
    assert f"|vigente_hasta={positiva['vigente_hasta']}|" in acuse.cadena_original
    assert positiva["vigente_hasta"] == positiva["emitida"][:10]  # the day of issue

    importar_creditos(datos, [(*CREDITO, "exigible")], "creditos-1.csv")
    negativa = _opinion(titular)
    assert negativa["sentido"] == "negativa"
    assert any("1234567" in m and "$1,234.56" in m for m in negativa["motivos"]), negativa

    importar_creditos(datos, [(*CREDITO, "convenio")], "creditos-2.csv")
    con_convenio = _opinion(titular)
    assert con_convenio["sentido"] == "positiva"
    assert any("convenio de pago a plazos" in m for m in con_convenio["motivos"])

    sin_padron = _opinion(tercero)
    assert sin_padron["sentido"] == "sin_opinion"
    assert any("no se encuentra registrado como patrón" in m for m in sin_padron["motivos"])

    # Each is verifiable by its folio and code at the public verification API.
    folio, codigo = negativa["verificacion"].rsplit("/", 1)[1].split("?c=")
    verificada = Client().get(f"{API}/verificacion/{folio}", {"c": codigo}).json()
    assert verificada["valido"] is True and verificada["tipo"] == "opinion_cumplimiento"
    pagina = Client().get(f"/verificar/{folio}", {"c": codigo}).content.decode()
    assert "Opinión del cumplimiento de obligaciones fiscales" in pagina


def test_la_vigencia_se_extiende_con_el_ajuste(
    datos: Path, titular: Cliente, settings: Any
) -> None:
    from datetime import date, timedelta

    settings.BUZON_OPINION_VIGENCIA_DIAS = 30
    cuerpo = _opinion(titular)
    emitida = date.fromisoformat(cuerpo["emitida"][:10])
    assert cuerpo["vigente_hasta"] == (emitida + timedelta(days=30)).isoformat()
    assert Opinion.objects.get(folio=cuerpo["folio"]).vigente_hasta == emitida + timedelta(days=30)


def test_el_pdf_esta_sellado_y_su_qr_lleva_a_la_verificacion(
    datos: Path, titular: Cliente, nss_con_ac: Path, tmp_path: Path
) -> None:
    cuerpo = _opinion(titular)
    respuesta = titular.get(f"/opinion/{cuerpo['folio']}/pdf")
    assert respuesta.status_code == 200
    assert respuesta["Content-Type"] == "application/pdf"
    assert "Signature is Valid." in pdfsig(respuesta.content, tmp_path, nss_con_ac)
    texto = texto_de(respuesta.content, tmp_path)
    assert cuerpo["folio"] in texto and "POSITIVA" in texto and "Vigente únicamente" in texto
    (tmp_path / "opinion.pdf").write_bytes(respuesta.content)
    correr(
        herramienta("pdftoppm", "poppler-utils"), "-r", "200", "-f", "1", "-l", "1", "-png",
        "-singlefile", tmp_path / "opinion.pdf", tmp_path / "pagina",
    )  # fmt: skip
    decodificado = correr(
        herramienta("zbarimg", "zbar-tools"), "--quiet", "--raw", tmp_path / "pagina.png"
    ).stdout
    assert decodificado.splitlines() == [cuerpo["verificacion"]]


def test_el_tercero_consulta_con_autorizacion_y_no_tras_revocarla(
    datos: Path, titular: Cliente, tercero: Cliente
) -> None:
    antes = tercero.post(f"/terceros/{TITULAR}/opinion", {})
    assert antes.status_code == 403, antes.content
    assert antes.json()["error"] == "no_autorizado"
    assert "no le ha autorizado" in antes.json()["mensaje"]
    assert not Opinion.objects.exists()

    concedida = otorgar(titular, TERCERO)
    obtenida = tercero.post(f"/terceros/{TITULAR.lower()}/opinion", {"motivo": "Alta de proveedor"})
    assert obtenida.status_code == 201, obtenida.content
    assert obtenida.json()["sentido"] == "positiva"
    opinion = Opinion.objects.get(folio=obtenida.json()["folio"])
    assert opinion.rfc == TITULAR and opinion.consultante_tipo == "tercero"
    # The third party downloads the opinión it obtained; the holder too.
    assert tercero.get(f"/opinion/{opinion.folio}/pdf").status_code == 200
    assert titular.get(f"/opinion/{opinion.folio}/pdf").status_code == 200

    revocar(titular, concedida["id"])
    despues = tercero.post(f"/terceros/{TITULAR}/opinion", {})
    assert despues.status_code == 403
    assert despues.json()["error"] == "no_autorizado"
    assert "revocada" in despues.json()["mensaje"]


def test_la_consulta_publica_solo_con_publicacion_autorizada(datos: Path, titular: Cliente) -> None:
    anonimo = Client()
    cerrada = anonimo.get(f"{API}/publico/opinion/{TITULAR}")
    no_registrado = anonimo.get(f"{API}/publico/opinion/XAXX010101000")
    assert cerrada.status_code == no_registrado.status_code == 404
    assert cerrada.json() == no_registrado.json()
    assert cerrada.json()["mensaje"] == NO_PUBLICA
    assert anonimo.get(f"{API}/publico/opinion/123").status_code == 400

    publicacion = otorgar(titular, None, "publicacion")
    abierta = anonimo.get(f"{API}/publico/opinion/{TITULAR}")
    assert abierta.status_code == 200, abierta.content
    assert abierta.json()["sentido"] == "positiva"
    assert abierta["Cache-Control"] == "no-store"
    assert Consulta.objects.get(opinion__folio=abierta.json()["folio"]).tipo == "publico"

    revocar(titular, publicacion["id"])
    assert anonimo.get(f"{API}/publico/opinion/{TITULAR}").json() == cerrada.json()


def test_la_consulta_publica_tiene_limite_por_ip(datos: Path, titular: Cliente) -> None:
    from buzon.opinion.consultante import LIMITE_PUBLICO_POR_MINUTO

    anonimo = Client()
    for _ in range(LIMITE_PUBLICO_POR_MINUTO):
        assert anonimo.get(f"{API}/publico/opinion/XAXX010101000").status_code == 404
    excedida = anonimo.get(f"{API}/publico/opinion/XAXX010101000")
    assert excedida.status_code == 429
    assert excedida.json()["error"] == "demasiadas_consultas"


def test_mis_consultas_lista_cada_consulta(datos: Path, titular: Cliente, tercero: Cliente) -> None:
    _opinion(titular, {"motivo": "Para mi banco"})
    otorgar(titular, TERCERO)
    tercero.post(f"/terceros/{TITULAR}/opinion", {"motivo": "Alta de proveedor"})
    otorgar(titular, None, "publicacion")
    Client().get(f"{API}/publico/opinion/{TITULAR}", REMOTE_ADDR="203.0.113.45")

    consultas = titular.get("/consultas").json()["consultas"]
    assert [c["tipo"] for c in consultas] == ["publico", "tercero", "titular"]
    publica, de_tercero, propia = consultas
    assert publica["red"] == "203.0.113.0/24" and "203.0.113.45" not in str(publica)
    assert de_tercero["consultante_rfc"] == TERCERO and de_tercero["motivo"] == "Alta de proveedor"
    assert propia["consultante"] == "Usted" and propia["motivo"] == "Para mi banco"
    fila = Consulta.objects.get(tipo="publico")
    assert fila.ip_enmascarada == "203.0.113.0/24" and len(fila.ip_huella) == 64
    assert "203.0.113.45" not in {fila.ip_enmascarada, fila.ip_huella}
    # The third party's own list holds none of the holder's consultations.
    assert tercero.get("/consultas").json()["consultas"] == []


def test_otro_rfc_no_alcanza_la_opinion_ajena_en_ninguna_ruta(
    datos: Path, titular: Cliente, tercero: Cliente, otro: Cliente
) -> None:
    folio = _opinion(titular)["folio"]
    assert otro.get(f"/opinion/{folio}/pdf").status_code == 404
    assert tercero.get(f"/opinion/{folio}/pdf").status_code == 404  # not obtained by it
    respuesta = otro.get("/opinion/2026-XXXX-XXXX-XXXX/pdf")
    assert respuesta.status_code == 404 and respuesta.json()["error"] == "no_encontrado"
    assert otro.get(f"/opinion/{folio}/pdf").json() == respuesta.json()
    assert otro.post(f"/terceros/{TITULAR}/opinion", {}).status_code == 403
    assert otro.get("/consultas").json()["consultas"] == []
    # Without a session, nothing but the public consultation answers.
    anonimo = Client()
    assert anonimo.post(f"{API}/opinion", {}, content_type="application/json").status_code == 401
    assert anonimo.get(f"{API}/opinion/{folio}/pdf").status_code == 401
    assert anonimo.get(f"{API}/consultas").status_code == 401
    assert (
        anonimo.post(
            f"{API}/terceros/{TITULAR}/opinion", {}, content_type="application/json"
        ).status_code
        == 401
    )


def test_errores_claros(datos: Path, titular: Cliente, tercero: Cliente) -> None:
    largo = titular.post("/opinion", {"motivo": "x" * 301})
    assert largo.status_code == 400 and largo.json()["campo"] == "motivo"
    assert "300 caracteres" in largo.json()["mensaje"]
    malo = tercero.post("/terceros/no-es-rfc/opinion", {})
    assert malo.status_code == 400 and malo.json()["error"] == "rfc_invalido"
    assert "RFC" in malo.json()["mensaje"]
