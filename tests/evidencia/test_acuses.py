"""Acuses: sealed cadena verified by openssl, rotation, public verification API and page."""

from __future__ import annotations

import base64
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client

from buzon.efirma import leer_certificado
from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import Acuse, CertificadoSello, EntradaBitacora
from buzon.evidencia.selectors import acuse_autentico, url_verificacion
from buzon.evidencia.sello import ErrorSello, crear_sello_de_demostracion, sellador_activo
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.legal.zonas import zona
from tests.legal.ayudas import en

pytestmark = pytest.mark.django_db


def test_el_acuse_queda_sellado_y_anotado(acuse: Acuse) -> None:
    assert acuse.cadena_original.startswith("||BUZON-ACUSE-1|tipo=registro_medios|folio=")
    assert f"folio={acuse.folio}|rfc=H&E951128469|" in acuse.cadena_original
    assert acuse_autentico(acuse)
    entrada = EntradaBitacora.objects.get(tipo="acuse_emitido", sujeto=acuse.folio)
    assert entrada.datos["rfc"] == "H&E951128469"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="falta openssl")
def test_openssl_verifica_el_sello(acuse: Acuse, tmp_path: Path) -> None:
    fila = CertificadoSello.objects.get(numero=acuse.certificado_sello_id)
    (tmp_path / "sello.cer").write_bytes(bytes(fila.certificado_der))
    subprocess.run(
        [
            "openssl",
            "x509",
            "-inform",
            "DER",
            "-in",
            tmp_path / "sello.cer",
            "-pubkey",
            "-noout",
            "-out",
            tmp_path / "publica.pem",
        ],
        check=True,
    )
    (tmp_path / "sello.bin").write_bytes(base64.b64decode(acuse.sello))

    def openssl_verifica(cadena: str) -> subprocess.CompletedProcess[str]:
        (tmp_path / "cadena.txt").write_bytes(cadena.encode("utf-8"))
        return subprocess.run(
            [
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                tmp_path / "publica.pem",
                "-signature",
                tmp_path / "sello.bin",
                tmp_path / "cadena.txt",
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    assert openssl_verifica(acuse.cadena_original).stdout.strip() == "Verified OK"
    assert openssl_verifica(acuse.cadena_original.replace("H&E", "HYE")).returncode != 0


def test_instante_legal_en_la_zona_del_domicilio(sello: CertificadoSello) -> None:
    acuse = do_emitir_acuse(
        SolicitudAcuse(
            tipo="actuacion",
            rfc="XIQB891116QE4",
            registro_patronal="Y5412345108",
            instante_legal=en("America/Mexico_City", "2026-03-17 00:00"),
            zona_legal="America/Tijuana",
            documentos=[Documento("escrito.pdf", "b" * 64)],
        )
    )
    assert "|instante_legal=2026-03-16T23:00:00-07:00|zona_legal=America/Tijuana|" in (
        acuse.cadena_original
    )
    acuse.refresh_from_db()
    assert acuse_autentico(acuse)
    assert acuse.instante_legal is not None
    assert acuse.instante_legal.astimezone(zona("America/Tijuana")).hour == 23


def test_sin_sello_activo_no_se_emite_nada(carpeta_sello: Path) -> None:
    with pytest.raises(ErrorSello, match="No hay un sello institucional activo"):
        do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc="AAA010101AAA"))
    assert not Acuse.objects.exists()


def test_rotar_el_sello_conserva_la_verificacion_de_lo_anterior(
    acuse: Acuse, client: Client
) -> None:
    viejo = acuse.certificado_sello_id
    nuevo = crear_sello_de_demostracion()
    assert nuevo.numero != viejo and sellador_activo().numero == nuevo.numero
    segundo = do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc="AAA010101AAA"))
    assert segundo.certificado_sello_id == nuevo.numero
    acuse.refresh_from_db()
    assert acuse_autentico(acuse)
    publicados = client.get("/api/v1/sello/certificados").json()["certificados"]
    assert [(c["numero"], c["activo"]) for c in publicados] == [
        (viejo, False),
        (nuevo.numero, True),
    ]
    pem = publicados[0]["pem"]
    assert leer_certificado(pem.encode()).no_certificado == viejo
    assert EntradaBitacora.objects.filter(tipo="sello_rotado").count() == 2


def test_manipular_los_hechos_guardados_invalida_el_acuse(acuse: Acuse) -> None:
    acuse.rfc = "AAA010101AAA"  # in memory: what a tampered row would look like
    assert not acuse_autentico(acuse)


def test_api_de_verificacion(acuse: Acuse, client: Client) -> None:
    respuesta = client.get(f"/api/v1/verificacion/{acuse.folio}", {"c": acuse.codigo_verificacion})
    cuerpo = respuesta.json()
    assert cuerpo["valido"] is True
    assert cuerpo["tipo"] == "registro_medios"
    assert cuerpo["rfc"] == "H&E******469"
    assert cuerpo["sha256"] == ["a" * 64]
    assert "H&E951128469" not in respuesta.content.decode()
    for folio, codigo in [(acuse.folio, "MAL"), (acuse.folio, ""), ("2026-AAAA-BBBB-CCCD", "X")]:
        cuerpo = client.get(f"/api/v1/verificacion/{folio}", {"c": codigo}).json()
        assert cuerpo["valido"] is False
        assert cuerpo["tipo"] is None and cuerpo["rfc"] is None


def test_pagina_de_verificacion_y_comparacion_de_archivo(acuse: Acuse, client: Client) -> None:
    ruta = url_verificacion(acuse).split("8000", 1)[1]
    pagina = client.get(ruta).content.decode()
    assert "Acuse auténtico" in pagina
    assert "H&amp;E******469" in pagina
    assert "nunca le pide contraseña" in pagina
    from django.core.files.uploadedfile import SimpleUploadedFile

    distinto = client.post(ruta, {"archivo": SimpleUploadedFile("x.pdf", b"%PDF-1.7 otro")})
    assert "NO coincide" in distinto.content.decode()
    falso = client.get(f"/verificar/{acuse.folio}", {"c": "MAL"}).content.decode()
    assert "No encontramos un documento con esos datos" in falso


def test_la_verificacion_publica_tiene_limite(acuse: Acuse, client: Client) -> None:
    from django.core.cache import cache

    cache.clear()
    codigos = [
        client.get(f"/api/v1/verificacion/{acuse.folio}", {"c": "X"}).status_code for _ in range(31)
    ]
    assert codigos[:30] == [200] * 30
    assert codigos[30] == 429
    assert client.get(f"/verificar/{acuse.folio}", {"c": "X"}).status_code == 429
    cache.clear()


def test_un_sello_vencido_no_sella(sello: CertificadoSello) -> None:
    import time_machine

    with (
        time_machine.travel(sello.vigente_hasta + timedelta(days=1), tick=False),
        pytest.raises(ErrorSello, match="no está vigente"),
    ):
        do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc="AAA010101AAA"))
    assert not Acuse.objects.exists()


def test_cada_sello_usa_su_propia_contrasena(acuse: Acuse, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUZON_SELLO_PASSWORD", "la-del-primer-sello-no-sirve-para-el-segundo")
    crear_sello_de_demostracion()
    segundo = do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc="AAA010101AAA"))
    assert acuse_autentico(segundo)


def test_emision_en_lote(sello: CertificadoSello) -> None:
    """The bulk path (COPY on PostgreSQL): every acuse stored whole, with its key and log entry."""
    from buzon.evidencia.servicios import do_emitir_acuses
    from buzon.evidencia.verificacion import verificar_bitacora

    solicitudes = [
        SolicitudAcuse(
            tipo="notificacion",
            rfc="H&E951128469",
            documentos=[Documento(f"resolución-{i}.pdf", f"{i:064x}")],
            datos={"asunto": f"Resolución «{i}», ñ|\\", "medios": ["a@b.mx", "5512345678"]},
        )
        for i in range(150)
    ]
    acuses = do_emitir_acuses(solicitudes)
    assert all(a.pk for a in acuses)
    assert Acuse.objects.count() == 150
    guardado = Acuse.objects.get(pk=acuses[77].pk)
    assert guardado.folio == acuses[77].folio
    assert guardado.datos == {"asunto": "Resolución «77», ñ|\\", "medios": ["a@b.mx", "5512345678"]}
    assert guardado.documentos == [{"nombre": "resolución-77.pdf", "sha256": f"{77:064x}"}]
    assert acuse_autentico(guardado)
    resultado = verificar_bitacora()
    assert resultado.integra, resultado.problema
    assert EntradaBitacora.objects.filter(tipo="acuse_emitido").count() == 150
