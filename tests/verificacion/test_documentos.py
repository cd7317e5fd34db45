"""Public verification of a notified document (7.10; issue 11 §6): `/verificar/FOLIO?c=CODE` and
`GET /api/v1/verificacion/{folio}?c=CODE` say who signed it, when, its SHA-256 and its state, with
the RFC masked; a wrong code and an unknown folio get the very same answer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.efirma import leer_certificado
from buzon.evidencia.folio import nuevo_folio
from buzon.legal import notificacion as estados
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial
from buzon.verificacion.selectors import ESTADOS_DOCUMENTO, NO_ENCONTRADO
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = pytest.mark.django_db

# Friday 15 January 2027, 10:00 Zona Centro: a día hábil, inside the hours.
VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)
RFC = "XIQB891116QE4"
PDF = pdf_de_prueba("Resolución determinante 09-CEN-2027-0001")


@pytest.fixture
def al_viernes() -> Iterator[None]:
    with time_machine.travel(VIERNES, tick=False):
        yield


@pytest.fixture
def emitida(al_viernes: None, notificador: Funcionario) -> Notificacion:
    habilitar(RFC)
    respuesta = notificador.emitir(RFC, "verificacion-1", pdf=PDF)
    assert respuesta.status_code == 201, respuesta.content
    n = Notificacion.objects.get(pk=respuesta.json()["id"])
    assert len(n.codigo_verificacion) >= 16
    return n


def _api(client: Client, folio: str, codigo: str) -> dict[str, Any]:
    respuesta = client.get(f"/api/v1/verificacion/{folio}", {"c": codigo})
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta["Content-Type"].startswith("application/json")
    cuerpo: dict[str, Any] = respuesta.json()
    return cuerpo


def test_la_api_describe_el_documento_con_el_rfc_enmascarado(
    client: Client, emitida: Notificacion, notificador: Funcionario
) -> None:
    codigo = emitida.codigo_verificacion
    respuesta = client.get(f"/api/v1/verificacion/{emitida.folio}", {"c": codigo})
    cuerpo = respuesta.json()
    assert cuerpo["valido"] is True
    assert cuerpo["tipo"] == "documento_notificado"
    assert cuerpo["folio"] == emitida.folio
    assert cuerpo["rfc"] == "XIQ*******QE4"
    assert cuerpo["sha256"] == [hashlib.sha256(PDF).hexdigest()]
    assert cuerpo["documentos"] == [
        {"nombre": f"notificacion-{emitida.folio}.pdf", "sha256": hashlib.sha256(PDF).hexdigest()}
    ]
    assert cuerpo["firmante"] == notificador.oficial.nombre
    assert cuerpo["firmante_cargo"] == "Notificador"
    assert cuerpo["firmante_certificado"] == leer_certificado(notificador.patron.cer).no_certificado
    assert cuerpo["subdelegacion"] == "Centro"
    assert cuerpo["acto"].startswith("7.1 ")
    assert cuerpo["emitido"] == "2027-01-15T10:00:00-06:00"
    assert cuerpo["estado_texto"] == "pendiente"
    assert cuerpo["notificada"] is None
    assert cuerpo["certificado_sello"] is None
    texto = respuesta.content.decode()
    assert RFC not in texto
    assert emitida.asunto not in texto  # the subject is not public


def test_el_codigo_se_acepta_en_minusculas(client: Client, emitida: Notificacion) -> None:
    assert _api(client, emitida.folio.lower(), emitida.codigo_verificacion.lower())["valido"]


def test_folio_desconocido_y_codigo_equivocado_responden_lo_mismo(
    client: Client, emitida: Notificacion
) -> None:
    otro_folio = nuevo_folio(2027)  # well formed, never issued
    casos = [
        (emitida.folio, "MAL"),
        (emitida.folio, ""),
        (emitida.folio, emitida.codigo_verificacion[:-1]),
        (emitida.folio, emitida.codigo_verificacion + "0"),
        (otro_folio, emitida.codigo_verificacion),
        ("2026-AAAA-BBBB-CCCDD", emitida.codigo_verificacion),  # bad check characters
        ("no-es-un-folio", emitida.codigo_verificacion),
    ]
    respuestas = []
    for folio, codigo in casos:
        cuerpo = _api(client, folio, codigo)
        assert cuerpo.pop("folio") == folio
        respuestas.append(cuerpo)
    assert all(r == respuestas[0] for r in respuestas), respuestas
    assert respuestas[0]["valido"] is False
    assert respuestas[0]["mensaje"] == NO_ENCONTRADO
    assert respuestas[0]["tipo"] is None and respuestas[0]["rfc"] is None


def test_una_fila_alterada_no_se_da_por_autentica(client: Client, emitida: Notificacion) -> None:
    """The stored signature must verify over the stored SHA-256: a changed hash is refused."""
    Notificacion.objects.filter(pk=emitida.pk).update(documento_sha256="0" * 64)
    assert _api(client, emitida.folio, emitida.codigo_verificacion)["valido"] is False


def test_firmante_que_ya_no_esta_en_el_registro(
    client: Client, emitida: Notificacion, notificador: Funcionario
) -> None:
    Oficial.objects.filter(pk=notificador.oficial.pk).update(rfc="XAXX010101000")
    cuerpo = _api(client, emitida.folio, emitida.codigo_verificacion)
    assert cuerpo["firmante"] == leer_certificado(notificador.patron.cer).nombre
    assert cuerpo["firmante_cargo"] == "Servidor público"


def test_cada_estado_tiene_su_nombre_en_espanol() -> None:
    assert set(ESTADOS_DOCUMENTO) == set(estados.ESTADOS)
    assert set(ESTADOS_DOCUMENTO.values()) == {
        "pendiente",
        "notificada",
        "cancelada",
        "en estrados",
        "notificación personal pendiente",
    }


@pytest.mark.parametrize(
    ("cambios", "texto", "notificada"),
    [
        ({"cancelada": VIERNES + timedelta(minutes=5)}, "cancelada", False),
        (
            {"ruta": "estrados", "estrados_notificada": VIERNES + timedelta(days=20)},
            "en estrados",
            False,
        ),
        ({"ruta": "personal"}, "notificación personal pendiente", False),
        (
            {"ruta": "personal", "personal_notificada": VIERNES + timedelta(hours=1)},
            "notificada",
            True,
        ),
        (
            {
                "aviso": VIERNES,
                "vence": VIERNES + timedelta(days=4),
                "apertura_legal": VIERNES + timedelta(hours=1),
            },
            "notificada",
            True,
        ),
    ],
)
def test_el_estado_se_deriva_al_consultar(
    client: Client,
    emitida: Notificacion,
    cambios: dict[str, Any],
    texto: str,
    notificada: bool,
) -> None:
    Notificacion.objects.filter(pk=emitida.pk).update(**cambios)
    with time_machine.travel(VIERNES + timedelta(hours=2), tick=False):
        cuerpo = _api(client, emitida.folio, emitida.codigo_verificacion)
    assert cuerpo["estado_texto"] == texto
    assert (cuerpo["notificada"] == "2027-01-15T11:00:00-06:00") is notificada


def _resultado(html: str) -> str:
    """The result section of the page (the form below echoes what was typed)."""
    encontrado = re.search(r'<section class="resultado.*?</section>', html, re.S)
    assert encontrado is not None, html
    return encontrado.group(0)


def test_la_pagina_del_documento(
    client: Client, emitida: Notificacion, notificador: Funcionario
) -> None:
    ruta = f"/verificar/{emitida.folio}?c={emitida.codigo_verificacion}"
    pagina = client.get(ruta).content.decode()
    assert "Documento auténtico" in pagina
    assert "XIQ*******QE4" in pagina and RFC not in pagina
    assert notificador.oficial.nombre in pagina
    assert "Notificador, Subdelegación Centro" in pagina
    assert "15 de enero de 2027, 10:00:00 h, Zona Centro" in pagina
    assert hashlib.sha256(PDF).hexdigest() in pagina
    assert ">pendiente<" in pagina
    # How the Institute does and does not contact people.
    assert "nunca traen ligas" in pagina
    assert "nunca le pide" in pagina
    assert "imss.gob.mx" in pagina
    assert 'href="/verificar/aviso/"' in pagina


def test_la_pagina_no_distingue_folio_desconocido_de_codigo_equivocado(
    client: Client, emitida: Notificacion
) -> None:
    mal = client.get(f"/verificar/{emitida.folio}", {"c": "INVENTADO"}).content.decode()
    desconocido = client.get(f"/verificar/{nuevo_folio(2027)}", {"c": "X"}).content.decode()
    assert "No encontramos un documento con esos datos" in mal
    assert _resultado(mal) == _resultado(desconocido)


def test_comparar_el_archivo_sin_javascript(client: Client, emitida: Notificacion) -> None:
    ruta = f"/verificar/{emitida.folio}?c={emitida.codigo_verificacion}"

    def comparar(contenido: bytes) -> str:
        archivo = SimpleUploadedFile("recibido.pdf", contenido, "application/pdf")
        return _resultado(client.post(ruta, {"archivo": archivo}).content.decode())

    assert "El archivo coincide</strong> con el documento firmado." in comparar(PDF)
    impresa = comparar(PDF + b"\n% pagina final agregada\n%%EOF\n")
    assert f"en sus primeros {len(PDF)} bytes" in impresa
    assert "NO coincide" in comparar(PDF[:-1] + b"X")
    assert "NO coincide" in comparar(PDF[:-10])


def test_el_limite_es_uno_para_paginas_api_y_avisos(client: Client, emitida: Notificacion) -> None:
    from buzon.verificacion.selectors import LIMITE_POR_MINUTO

    for _ in range(LIMITE_POR_MINUTO):
        assert client.get(f"/api/v1/verificacion/avisos/{emitida.folio}").status_code == 200
    pagina = client.get(f"/verificar/{emitida.folio}", {"c": emitida.codigo_verificacion})
    assert pagina.status_code == 429
    assert "demasiadas consultas" in pagina.content.decode()
    api = client.get(f"/api/v1/verificacion/{emitida.folio}", {"c": emitida.codigo_verificacion})
    assert api.status_code == 429 and api.json()["error"] == "demasiadas_consultas"
    assert client.get("/verificar/aviso/", {"folio": emitida.folio}).status_code == 429
    assert client.get(f"/api/v1/verificacion/avisos/{emitida.folio}").status_code == 429
    with time_machine.travel(VIERNES + timedelta(minutes=1), tick=False):
        assert _api(client, emitida.folio, emitida.codigo_verificacion)["valido"] is True
