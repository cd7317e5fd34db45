"""The acuse PDF, checked with outside tools: pdfsig (PAdES signature, trust via an NSS database
holding the seal's CA), zbarimg (the QR decoded from a 200 dpi rendering), pdftotext (folio,
cadena original and sello printed in full) and openssl (the sello over the cadena)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader

from buzon.efirma import leer_certificado, leer_llave, pki
from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.evidencia.pdf import (
    AVISO_PHISHING,
    fecha_legible,
    partir,
    pdf_acuse,
    pdf_sin_firma,
)
from buzon.evidencia.sello import Sellador, sellador
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.evidencia.tipos import TIPOS, TITULOS

SAT_PRUEBAS = Path(__file__).resolve().parents[2].parent / "shared" / "sat-pruebas"
URL_BASE = "https://buzon.imss.gob.mx/verificar"


def herramienta(nombre: str, paquete: str) -> str:
    ruta = shutil.which(nombre)
    if ruta is None:
        pytest.skip(
            f"*** {nombre} no está instalado (paquete Debian {paquete}; scripts/test lo instala): "
            f"no se puede comprobar el PDF con {nombre} ***"
        )
    return ruta


def correr(*argumentos: str | Path, esperar_exito: bool = True) -> subprocess.CompletedProcess[str]:
    resultado = subprocess.run(
        [str(a) for a in argumentos], capture_output=True, text=True, check=False, timeout=60
    )
    if esperar_exito:
        assert resultado.returncode == 0, (resultado.args, resultado.stdout, resultado.stderr)
    return resultado


def url_de(acuse: Acuse) -> str:
    return f"{URL_BASE}/{acuse.folio}?c={acuse.codigo_verificacion}"


def sin_espacios(texto: str) -> str:
    return re.sub(r"\s+", "", texto)


@pytest.fixture
def sellador_demo(sello: CertificadoSello) -> Sellador:
    return sellador(sello.numero)


@pytest.fixture
def acuse_completo(sello: CertificadoSello) -> Acuse:
    """A notification with everything an acuse can print, and values the cadena must escape."""
    return do_emitir_acuse(
        SolicitudAcuse(
            tipo="notificacion",
            rfc="PEÑA800101AB1",
            registro_patronal="Y5412345109",
            instante_legal=datetime(2026, 3, 20, 16, 30, tzinfo=UTC),
            zona_legal="America/Tijuana",
            documentos=[
                Documento("oficio-2026-0001 (firmado).pdf", "0123456789abcdef" * 4),
                Documento("anexo|con\\barras-y-guiones---largos.xml", "f" * 64),
            ],
            datos={
                "asunto": "Requerimiento de información — cédula de determinación",
                "correos": ["contacto@empresa.mx", "pagos@empresa.mx"],
                "aviso_tres_dias": True,
                "plazo_dias": 15,
                "nota": "línea 1\nlínea 2 | ñandú ¿sí? ¡no! €",
            },
            emitido=datetime(2026, 3, 20, 15, 30, tzinfo=UTC),
        )
    )


@pytest.fixture
def nss_con_ac(tmp_path: Path, carpeta_sello: Path, sello: CertificadoSello) -> Path:
    """An NSS database (what pdfsig reads) trusting only the demo seal's CA."""
    certutil = herramienta("certutil", "libnss3-tools")
    carpeta = tmp_path / "nss"
    carpeta.mkdir()
    correr(certutil, "-N", "-d", f"sql:{carpeta}", "--empty-password")
    correr(
        certutil, "-A", "-d", f"sql:{carpeta}", "-n", "AC del sello", "-t", "CT,C,C",
        "-i", carpeta_sello / "ac" / "ac.cer",
    )  # fmt: skip
    return carpeta


@pytest.fixture
def nss_vacia(tmp_path: Path) -> Path:
    certutil = herramienta("certutil", "libnss3-tools")
    carpeta = tmp_path / "nss-vacia"
    carpeta.mkdir()
    correr(certutil, "-N", "-d", f"sql:{carpeta}", "--empty-password")
    return carpeta


def pdfsig(pdf: bytes, carpeta: Path, nss: Path) -> str:
    ruta = carpeta / "firmado.pdf"
    ruta.write_bytes(pdf)
    # pdfsig exits non-zero when a signature does not validate: the output says why.
    return correr(
        herramienta("pdfsig", "poppler-utils"), "-nssdir", f"sql:{nss}", ruta, esperar_exito=False
    ).stdout


def texto_de(pdf: bytes, carpeta: Path, *opciones: str) -> str:
    ruta = carpeta / "texto.pdf"
    ruta.write_bytes(pdf)
    return correr(herramienta("pdftotext", "poppler-utils"), *opciones, ruta, "-").stdout


# --------------------------------------------------------------- pdfsig


@pytest.mark.parametrize("nombre_acuse", ["acuse", "acuse_completo"])
def test_pdfsig_valida_la_firma_pades_con_la_ac_del_sello(
    request: pytest.FixtureRequest, nombre_acuse: str, sellador_demo: Sellador, nss_con_ac: Path,
    tmp_path: Path,
) -> None:  # fmt: skip
    acuse: Acuse = request.getfixturevalue(nombre_acuse)
    salida = pdfsig(pdf_acuse(acuse, url_de(acuse), sellador_demo), tmp_path, nss_con_ac)
    assert "Signature Validation: Signature is Valid." in salida, salida
    assert "Certificate Validation: Certificate is Trusted." in salida, salida
    assert "Total document signed" in salida
    assert "Signature Type: ETSI.CAdES.detached" in salida  # PAdES, not adbe.pkcs7.detached
    assert "Signing Hash Algorithm: SHA-256" in salida
    assert "INSTITUTO MEXICANO DEL SEGURO SOCIAL (SELLO DE DEMOSTRACION)" in salida
    assert salida.count("Signature #") == 1


def test_sin_la_ac_pdfsig_no_confia_y_la_firma_sigue_integra(
    acuse: Acuse, sellador_demo: Sellador, nss_vacia: Path, tmp_path: Path
) -> None:
    """The control: trust comes from the seal's CA in the NSS database, nothing else."""
    salida = pdfsig(pdf_acuse(acuse, url_de(acuse), sellador_demo), tmp_path, nss_vacia)
    assert "Signature is Valid." in salida
    assert "Certificate is Trusted." not in salida
    assert "Certificate issuer isn't Trusted." in salida, salida


def test_pdfsig_detecta_un_pdf_alterado(
    acuse: Acuse, sellador_demo: Sellador, nss_con_ac: Path, tmp_path: Path
) -> None:
    pdf = pdf_acuse(acuse, url_de(acuse), sellador_demo)
    folio = acuse.folio.encode("ascii")
    # The document info (Title) holds the folio as plain text, inside the signed byte range.
    posicion = pdf.index(b"/Title (")
    posicion = pdf.index(folio, posicion)
    alterado = pdf[:posicion] + b"X" + pdf[posicion + 1 :]
    assert len(alterado) == len(pdf)
    salida = pdfsig(alterado, tmp_path, nss_con_ac)
    assert "Signature is Valid." not in salida, salida
    assert "Digest Mismatch" in salida or "Signature is Invalid" in salida, salida


def test_la_ac_del_sello_va_incrustada_en_la_firma(
    acuse: Acuse, sellador_demo: Sellador, carpeta_sello: Path
) -> None:
    """The CA certificate travels in the CMS, so a validator needs only to trust it, not find it."""
    lector = PdfFileReader(io.BytesIO(pdf_acuse(acuse, url_de(acuse), sellador_demo)))
    (firma,) = lector.embedded_signatures
    incrustados = {c.chosen.dump() for c in firma.signed_data["certificates"]}
    assert incrustados == {
        (carpeta_sello / "ac" / "ac.cer").read_bytes(),
        sellador_demo.certificado.der,
    }


# ---------------------------------------------------------------- QR


@pytest.mark.parametrize("nombre_acuse", ["acuse", "acuse_completo"])
def test_el_qr_contiene_exactamente_la_url_de_verificacion(
    request: pytest.FixtureRequest, nombre_acuse: str, sellador_demo: Sellador, tmp_path: Path
) -> None:
    acuse: Acuse = request.getfixturevalue(nombre_acuse)
    pdftoppm = herramienta("pdftoppm", "poppler-utils")
    zbarimg = herramienta("zbarimg", "zbar-tools")
    url = url_de(acuse)
    (tmp_path / "acuse.pdf").write_bytes(pdf_acuse(acuse, url, sellador_demo))
    correr(
        pdftoppm, "-r", "200", "-png", "-singlefile", tmp_path / "acuse.pdf", tmp_path / "pagina"
    )
    imagen = tmp_path / "pagina.png"
    decodificado = correr(zbarimg, "--quiet", "--raw", imagen).stdout
    assert decodificado.splitlines() == [url]  # one symbol, exactly the URL


# -------------------------------------------------------------- text


@pytest.mark.parametrize("nombre_acuse", ["acuse", "acuse_completo"])
def test_el_texto_trae_folio_cadena_original_y_sello_completos(
    request: pytest.FixtureRequest, nombre_acuse: str, sellador_demo: Sellador, tmp_path: Path
) -> None:
    acuse: Acuse = request.getfixturevalue(nombre_acuse)
    url = url_de(acuse)
    texto = texto_de(pdf_acuse(acuse, url, sellador_demo), tmp_path)
    plano = sin_espacios(texto)
    assert acuse.folio in texto
    assert acuse.rfc in texto
    assert TITULOS[acuse.tipo] in texto
    assert sin_espacios(acuse.cadena_original) in plano
    assert acuse.sello in plano
    assert acuse.certificado_sello_id in texto
    assert url in plano
    assert sin_espacios(AVISO_PHISHING) in plano
    for documento in acuse.documentos:
        assert documento["sha256"] in plano
        assert sin_espacios(documento["nombre"]) in plano
    assert fecha_legible(acuse.emitido) in " ".join(texto.split())


def test_el_acuse_completo_muestra_registro_patronal_instante_legal_y_datos(
    acuse_completo: Acuse, sellador_demo: Sellador, tmp_path: Path
) -> None:
    texto = " ".join(
        texto_de(pdf_acuse(acuse_completo, url_de(acuse_completo), sellador_demo), tmp_path).split()
    )
    assert "Constancia de notificación electrónica" in texto
    assert "Registro patronal Y5412345109" in texto
    assert "20 de marzo de 2026, 09:30:00 h, Zona Centro (UTC-06:00)" in texto
    assert "20 de marzo de 2026, 09:30:00 h, Zona Noroeste (UTC-07:00)" in texto
    assert "America/Tijuana" in texto
    assert "Aviso de tres días Sí" in texto
    assert "Plazo (días hábiles) 15" in texto
    assert "contacto@empresa.mx pagos@empresa.mx" in texto
    assert "línea 1 línea 2 | ñandú ¿sí? ¡no! €" in texto


# ------------------------------------------------------------- openssl


def test_openssl_verifica_el_sello_sobre_la_cadena_original(
    acuse_completo: Acuse, sellador_demo: Sellador, tmp_path: Path
) -> None:
    openssl = herramienta("openssl", "openssl")
    certificado = tmp_path / "sello.pem"
    certificado.write_text(sellador_demo.certificado.pem, encoding="ascii")
    llave = tmp_path / "publica.pem"
    llave.write_text(correr(openssl, "x509", "-in", certificado, "-noout", "-pubkey").stdout)
    firma = tmp_path / "sello.bin"
    firma.write_bytes(base64.b64decode(acuse_completo.sello, validate=True))
    cadena = tmp_path / "cadena.txt"
    cadena.write_bytes(acuse_completo.cadena_original.encode("utf-8"))
    verificado = correr(openssl, "dgst", "-sha256", "-verify", llave, "-signature", firma, cadena)
    assert verificado.stdout.strip() == "Verified OK"
    # And it does fail: one character of the cadena changed.
    cadena.write_bytes(
        acuse_completo.cadena_original.replace("Y5412345109", "Y5412345108").encode()
    )
    rechazado = correr(
        openssl,
        "dgst",
        "-sha256",
        "-verify",
        llave,
        "-signature",
        firma,
        cadena,
        esperar_exito=False,
    )
    assert rechazado.returncode != 0
    assert "Verification failure" in rechazado.stdout + rechazado.stderr


# ------------------------------------------- SAT-style names (asn1crypto)


def sellador_generado(carpeta_sello: Path, rareza: pki.Rareza) -> Sellador:
    ac = pki.cargar_ac(carpeta_sello / "ac")
    cer, key = pki.emitir(
        ac,
        rfc="IMS421231I45",
        nombre="INSTITUTO MEXICANO DEL SEGURO SOCIAL ÑANDÚ",
        representante=("XAXX010101000", "XEXX010101HNEXXXA4"),
        tipo="csd",
        password="secreto-de-prueba",
        rareza=rareza,
        registrar=False,
    )
    certificado = leer_certificado(cer)
    return Sellador(certificado.no_certificado, certificado, leer_llave(key, "secreto-de-prueba"))


@pytest.mark.parametrize("rareza", ["t61_latin1", "printable_utf8"])
def test_firma_con_sello_de_nombre_al_estilo_sat(
    rareza: pki.Rareza, acuse: Acuse, carpeta_sello: Path, nss_con_ac: Path, tmp_path: Path
) -> None:
    """SAT certificates hold Ñ as Latin-1 in a T61String or as UTF-8 inside a PrintableString."""
    firmante = sellador_generado(carpeta_sello, rareza)
    # The quirk is real: asn1crypto cannot decode this subject (pdf.py never asks it to).
    with pytest.raises(ValueError, match="OctetBitString"):
        _ = asn1_x509.Certificate.load(firmante.certificado.der).subject.native
    salida = pdfsig(pdf_acuse(acuse, url_de(acuse), firmante), tmp_path, nss_con_ac)
    assert "Signature is Valid." in salida, salida
    assert "Certificate is Trusted." in salida, salida
    assert firmante.numero in texto_de(pdf_acuse(acuse, url_de(acuse), firmante), tmp_path)


def test_firma_con_el_csd_de_pruebas_del_sat(acuse: Acuse, nss_vacia: Path, tmp_path: Path) -> None:
    """SAT's own test CSD (RFC with &, expired; its CA is not published): the signature itself
    must still be valid, whatever pdfsig says about the certificate."""
    cer = SAT_PRUEBAS / "moral-HyE951128469-csd.cer"
    if not cer.exists():
        pytest.skip(f"*** faltan los archivos de prueba del SAT en {SAT_PRUEBAS} ***")
    certificado = leer_certificado(cer.read_bytes())
    llave = leer_llave(cer.with_suffix(".key").read_bytes(), "12345678a")
    firmante = Sellador(certificado.no_certificado, certificado, llave)
    with pytest.raises(ValueError, match="OctetBitString"):
        _ = asn1_x509.Certificate.load(certificado.der).issuer.native
    salida = pdfsig(pdf_acuse(acuse, url_de(acuse), firmante), tmp_path, nss_vacia)
    assert "Signature Validation: Signature is Valid." in salida, salida


# ------------------------------------------------------- layout & text


def test_metadatos_de_accesibilidad(acuse: Acuse, sellador_demo: Sellador) -> None:
    lector = PdfFileReader(io.BytesIO(pdf_acuse(acuse, url_de(acuse), sellador_demo)))
    raiz = lector.root
    assert raiz["/Lang"] == "es-MX"
    assert bool(raiz["/ViewerPreferences"]["/DisplayDocTitle"])
    info = lector.trailer_view["/Info"]
    assert acuse.folio in info["/Title"]
    assert info["/Title"].startswith(TITULOS["registro_medios"])
    assert info["/Author"].startswith("Instituto Mexicano del Seguro Social")
    assert acuse.folio in info["/Subject"]


def test_la_maquetacion_es_reproducible(acuse: Acuse, sellador_demo: Sellador) -> None:
    url = url_de(acuse)
    primera = pdf_sin_firma(acuse, url, sellador_demo)
    assert primera == pdf_sin_firma(acuse, url, sellador_demo)
    assert primera != pdf_sin_firma(acuse, url + "X", sellador_demo)
    assert b"D:20" in primera and b"D:2000" not in primera  # the acuse's date, not a placeholder


@pytest.mark.parametrize("tipo", sorted(TIPOS))
def test_cada_tipo_tiene_titulo_en_espanol(tipo: str) -> None:
    assert TITULOS[tipo][:1].isupper()


def test_fecha_legible_en_zona_centro_y_del_domicilio() -> None:
    instante = datetime(2026, 3, 20, 15, 30, tzinfo=UTC)
    assert fecha_legible(instante) == "20 de marzo de 2026, 09:30:00 h, Zona Centro (UTC-06:00)"
    assert (
        fecha_legible(datetime(2026, 7, 1, 0, 5, 9, tzinfo=UTC), "America/Tijuana")
        == "30 de junio de 2026, 17:05:09 h, Zona Noroeste (UTC-07:00)"
    )
    assert fecha_legible(instante, "America/Cancun").endswith("Zona Sureste (UTC-05:00)")


def test_partir_no_pierde_caracteres_ni_termina_en_guion() -> None:
    texto = "||a-b--c|" + "x" * 7 + "-" + "y" * 30 + "-||"
    for ancho in range(3, 20):  # longer than any run of hyphens in `texto`
        lineas = partir(texto, ancho)
        assert "".join(lineas) == texto
        assert all(len(linea) <= ancho for linea in lineas)
        assert all(not linea.endswith("-") for linea in lineas[:-1])


def test_un_acuse_de_varias_paginas_conserva_toda_la_cadena(
    sello: CertificadoSello, sellador_demo: Sellador, nss_con_ac: Path, tmp_path: Path
) -> None:
    acuse = do_emitir_acuse(
        SolicitudAcuse(
            tipo="actuacion",
            rfc="XIQB891116QE4",
            documentos=[Documento(f"anexo-{n:03d}-pruebas.pdf", f"{n:064x}") for n in range(120)],
            datos={"asunto": "Escrito con 120 anexos"},
        )
    )
    pdf = pdf_acuse(acuse, url_de(acuse), sellador_demo)
    texto = texto_de(pdf, tmp_path)
    assert texto.count("\f") >= 3  # several pages
    sin_pies = re.sub(rf"Folio {acuse.folio}\s*Página \d+", "", texto)
    assert sin_espacios(acuse.cadena_original) in sin_espacios(sin_pies)
    assert acuse.sello in sin_espacios(sin_pies)
    salida = pdfsig(pdf, tmp_path, nss_con_ac)
    assert "Signature is Valid." in salida and "Certificate is Trusted." in salida, salida
