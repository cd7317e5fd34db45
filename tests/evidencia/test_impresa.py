"""The representación impresa, checked with outside tools: the official's PDF is the byte-exact
prefix, one page is added, pdfsig validates the Institute's PAdES seal (and rejects a byte flipped
in the official's part), zbarimg decodes exactly the URL from the last page rendered at 200 dpi,
and pdftotext finds folio, masked RFC (never the full one), SHA-256 and certificate number."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.hashes import SHA256
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from buzon.efirma import firmar_b64, leer_certificado, leer_llave, pki
from buzon.evidencia.impresa import (
    CONTACTO,
    TITULO,
    DatosImpresa,
    ErrorImpresa,
    cadena_impresa,
    pagina_final,
    representacion_impresa,
)
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.pades import firmar_pdf
from buzon.evidencia.sello import Sellador
from tests.evidencia.test_pdf import (
    correr,
    herramienta,
    nss_con_ac,
    pdfsig,
    sellador_demo,
    sin_espacios,
)

__all__ = ["nss_con_ac", "sellador_demo"]  # fixtures, used by name

RFC = "XIQB891116QE4"
FOLIO = "2026-7K3M-9QXF-2HD5R"
CODIGO = "7K3M9QXF2HD5"
URL = f"https://buzon.imss.gob.mx/verificar/{FOLIO}?c={CODIGO}"
TITULO_ORIGINAL = "Oficio 09-CEN-2026-0101"


def oficio(paginas: int = 1) -> bytes:
    """The official's document: plain ReportLab, uncompressed, with the full RFC on it."""
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, pagesize=letter, invariant=True, pageCompression=0)
    lienzo.setTitle(TITULO_ORIGINAL)
    for numero in range(1, paginas + 1):
        lienzo.setFont("Helvetica-Bold", 13)
        lienzo.drawString(72, 730, "INSTITUTO MEXICANO DEL SEGURO SOCIAL")
        lienzo.setFont("Helvetica", 11)
        lienzo.drawString(72, 700, f"{TITULO_ORIGINAL}, hoja {numero} de {paginas}")
        lienzo.drawString(72, 680, f"RFC del patrón: {RFC}")
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


@pytest.fixture
def oficial(carpeta_sello: Path, sello: CertificadoSello) -> tuple[str, Sellador]:
    """The signing official's e.firma (same test CA), as a number and a key to sign with."""
    cer, key = pki.emitir(
        pki.cargar_ac(carpeta_sello / "ac"),
        rfc="LOHM800101AB1",
        nombre="MARÍA FERNANDA LÓPEZ HERNÁNDEZ",
        tipo="fiel",
        password="secreto-de-prueba",
        registrar=False,
    )
    certificado = leer_certificado(cer)
    return certificado.no_certificado, Sellador(
        certificado.no_certificado, certificado, leer_llave(key, "secreto-de-prueba")
    )


def datos_de(documento: bytes, oficial: tuple[str, Sellador]) -> DatosImpresa:
    numero, llave = oficial
    firma = firmar_b64(llave.llave, documento)
    sha = hashlib.sha256(documento).hexdigest()
    return DatosImpresa(
        folio=FOLIO,
        numeral="7.1",
        acto="Cédulas de liquidación por la omisión total o parcial en el pago de cuotas",
        rfc=RFC,
        firmante_nombre="María Fernanda López Hernández",
        firmante_cargo="Jefa del Departamento de Auditoría a Patrones",
        firmante_certificado=numero,
        firmado=datetime(2026, 3, 20, 15, 30, tzinfo=UTC),
        documento_sha256=sha,
        firma=firma,
        cadena=f"||{FOLIO}|7.1|{RFC}|{sha}|{numero}||",
        subdelegacion="09 Centro",
        codigo_verificacion=CODIGO,
    )


def paginas_de(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def texto_de_pagina(pdf: bytes, carpeta: Path, pagina: int) -> str:
    ruta = carpeta / "impresa.pdf"
    ruta.write_bytes(pdf)
    pdftotext = herramienta("pdftotext", "poppler-utils")
    return correr(pdftotext, "-f", str(pagina), "-l", str(pagina), ruta, "-").stdout


# ------------------------------------------------------- structure


@pytest.mark.parametrize("hojas", [1, 3])
def test_el_documento_firmado_es_el_prefijo_exacto_y_se_agrega_una_pagina(
    hojas: int, oficial: tuple[str, Sellador], sellador_demo: Sellador
) -> None:
    documento = oficio(hojas)
    impresa = representacion_impresa(
        documento, datos_de(documento, oficial), URL, sello=sellador_demo
    )
    assert impresa[: len(documento)] == documento
    assert len(impresa) > len(documento)
    assert paginas_de(documento) == hojas
    assert paginas_de(impresa) == hojas + 1
    # The official's signature still verifies over the prefix, exactly as issued.
    _, llave = oficial
    firma = base64.b64decode(datos_de(documento, oficial).firma)
    llave.certificado.llave_publica.verify(
        firma, impresa[: len(documento)], padding.PKCS1v15(), SHA256()
    )


def test_las_paginas_originales_van_primero_y_sin_cambios(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, tmp_path: Path
) -> None:
    documento = oficio(2)
    impresa = representacion_impresa(
        documento, datos_de(documento, oficial), URL, sello=sellador_demo
    )
    for pagina in (1, 2):
        texto = texto_de_pagina(impresa, tmp_path, pagina)
        assert f"{TITULO_ORIGINAL}, hoja {pagina} de 2" in texto
        assert TITULO not in " ".join(texto.split())
    assert TITULO in " ".join(texto_de_pagina(impresa, tmp_path, 3).split())


def test_la_pagina_final_es_reproducible(
    oficial: tuple[str, Sellador], sellador_demo: Sellador
) -> None:
    datos = datos_de(oficio(), oficial)
    primera = pagina_final(datos, URL, 1, sellador_demo)
    assert primera == pagina_final(datos, URL, 1, sellador_demo)
    assert primera != pagina_final(replace(datos, subdelegacion="10 Norte"), URL, 1, sellador_demo)


# ---------------------------------------------------------- pdfsig


def test_pdfsig_valida_el_sello_del_instituto(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, nss_con_ac: Path, tmp_path: Path
) -> None:
    documento = oficio(2)
    impresa = representacion_impresa(
        documento, datos_de(documento, oficial), URL, sello=sellador_demo
    )
    salida = pdfsig(impresa, tmp_path, nss_con_ac)
    assert salida.count("Signature #") == 1, salida
    assert "Signature Validation: Signature is Valid." in salida, salida
    assert "Certificate Validation: Certificate is Trusted." in salida, salida
    assert "Total document signed" in salida, salida
    assert "Signature Type: ETSI.CAdES.detached" in salida, salida
    assert "INSTITUTO MEXICANO DEL SEGURO SOCIAL (SELLO DE DEMOSTRACION)" in salida, salida


def test_un_byte_cambiado_en_el_documento_original_invalida_el_sello(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, nss_con_ac: Path, tmp_path: Path
) -> None:
    documento = oficio()
    impresa = representacion_impresa(
        documento, datos_de(documento, oficial), URL, sello=sellador_demo
    )
    # The official's document info holds its title as plain text, inside the sealed range.
    posicion = impresa.index(TITULO_ORIGINAL.encode("ascii"))
    assert posicion < len(documento)
    alterado = impresa[:posicion] + b"X" + impresa[posicion + 1 :]
    assert len(alterado) == len(impresa)
    salida = pdfsig(alterado, tmp_path, nss_con_ac)
    assert "Signature is Valid." not in salida, salida
    assert "Digest Mismatch" in salida or "Signature is Invalid" in salida, salida


def test_un_documento_ya_firmado_conserva_su_firma(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, nss_con_ac: Path, tmp_path: Path
) -> None:
    """A PDF that already carries a PAdES signature: the update leaves it valid (for its range)."""
    documento = firmar_pdf(oficio(), sellador_demo, FOLIO)
    impresa = representacion_impresa(
        documento, datos_de(documento, oficial), URL, sello=sellador_demo
    )
    assert impresa[: len(documento)] == documento
    salida = pdfsig(impresa, tmp_path, nss_con_ac)
    assert salida.count("Signature #") == 2, salida
    assert salida.count("Signature Validation: Signature is Valid.") == 2, salida
    assert paginas_de(impresa) == 2


# --------------------------------------------------------------- QR


def test_el_qr_de_la_ultima_pagina_contiene_exactamente_la_url(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, tmp_path: Path
) -> None:
    pdftoppm = herramienta("pdftoppm", "poppler-utils")
    zbarimg = herramienta("zbarimg", "zbar-tools")
    documento = oficio(2)
    impresa = representacion_impresa(
        documento, datos_de(documento, oficial), URL, sello=sellador_demo
    )
    ruta = tmp_path / "impresa.pdf"
    ruta.write_bytes(impresa)
    correr(pdftoppm, "-r", "200", "-f", "3", "-l", "3", "-png", ruta, tmp_path / "hoja")
    (imagen,) = tmp_path.glob("hoja*.png")
    decodificado = correr(zbarimg, "--quiet", "--raw", imagen).stdout
    assert decodificado.splitlines() == [URL]  # one symbol, exactly the URL


# ------------------------------------------------------------- text


def test_el_texto_de_la_ultima_pagina(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, tmp_path: Path
) -> None:
    documento = oficio()
    datos = datos_de(documento, oficial)
    impresa = representacion_impresa(documento, datos, URL, sello=sellador_demo)
    texto = texto_de_pagina(impresa, tmp_path, 2)
    corrido, plano = " ".join(texto.split()), sin_espacios(texto)
    assert FOLIO in texto
    assert "XIQ*******QE4" in texto
    assert RFC not in plano  # neither in the facts nor in the printed cadena
    assert RFC in texto_de_pagina(impresa, tmp_path, 1)  # the official's page is untouched
    assert datos.documento_sha256 in plano
    assert datos.firmante_certificado in texto
    assert datos.firma in plano
    assert sin_espacios(cadena_impresa(datos)) in plano
    assert URL in plano
    assert "María Fernanda López Hernández" in corrido
    assert "Jefa del Departamento de Auditoría a Patrones" in corrido
    assert "09 Centro" in corrido
    assert "7.1 Cédulas de liquidación" in corrido
    assert "20 de marzo de 2026, 09:30:00 h, Zona Centro (UTC-06:00)" in corrido
    assert sin_espacios(CONTACTO) in plano
    assert "https://buzon.imss.gob.mx/verificar/" in corrido
    assert re.search(r"Página 2\b", texto)


def test_la_cadena_se_imprime_con_el_rfc_enmascarado() -> None:
    datos = DatosImpresa(
        folio=FOLIO, numeral="7.1", acto="Acto", rfc=RFC, firmante_nombre="N",
        firmante_cargo="C", firmante_certificado="1", firmado=datetime(2026, 1, 5, tzinfo=UTC),
        documento_sha256="0" * 64, firma="QQ==", cadena=f"||{RFC}|a|{RFC.lower()}||",
        subdelegacion="S", codigo_verificacion=CODIGO,
    )  # fmt: skip
    assert cadena_impresa(datos) == "||XIQ*******QE4|a|XIQ*******QE4||"
    assert cadena_impresa(replace(datos, cadena="||sin rfc||")) == "||sin rfc||"


# ----------------------------------------------------------- errors


def test_rechaza_un_documento_que_no_es_el_firmado(
    oficial: tuple[str, Sellador], sellador_demo: Sellador
) -> None:
    datos = datos_de(oficio(), oficial)
    with pytest.raises(ErrorImpresa, match="no es el documento firmado") as error:
        representacion_impresa(oficio(2), datos, URL, sello=sellador_demo)
    assert error.value.campo == "documento"


@pytest.mark.parametrize(
    ("url", "motivo"),
    [
        (f"/verificar/{FOLIO}?c={CODIGO}", "relativa"),
        (f"https://buzon.imss.gob.mx/verificar/2026-0000-0000-00000?c={CODIGO}", "otro folio"),
        (f"https://buzon.imss.gob.mx/verificar/{FOLIO}?c=OTRO", "otro código"),
        (f"https://buzon.imss.gob.mx/verificar/{FOLIO}", "sin código"),
        (f"javascript://buzon.imss.gob.mx/verificar/{FOLIO}?c={CODIGO}", "esquema"),
    ],
)
def test_rechaza_una_url_de_verificacion_que_no_es_la_del_documento(
    url: str, motivo: str, oficial: tuple[str, Sellador], sellador_demo: Sellador
) -> None:
    documento = oficio()
    with pytest.raises(ErrorImpresa, match="dirección de verificación") as error:
        representacion_impresa(documento, datos_de(documento, oficial), url, sello=sellador_demo)
    assert error.value.campo == "url_verificacion", motivo


def test_rechaza_un_instante_sin_zona_y_datos_vacios(
    oficial: tuple[str, Sellador], sellador_demo: Sellador
) -> None:
    documento = oficio()
    datos = datos_de(documento, oficial)
    sin_zona = replace(datos, firmado=datetime(2026, 3, 20, 9, 30))  # noqa: DTZ001 — the case
    with pytest.raises(ErrorImpresa, match="zona horaria") as error:
        representacion_impresa(documento, sin_zona, URL, sello=sellador_demo)
    assert error.value.campo == "firmado"
    with pytest.raises(ErrorImpresa, match="firmante_cargo"):
        representacion_impresa(
            documento, replace(datos, firmante_cargo=" "), URL, sello=sellador_demo
        )


def test_rechaza_lo_que_no_es_un_pdf_legible(
    oficial: tuple[str, Sellador], sellador_demo: Sellador
) -> None:
    for contenido, esperado in ((b"hola", "no es un PDF"), (b"%PDF-1.4\nbasura", "no es un PDF")):
        datos = replace(
            datos_de(oficio(), oficial), documento_sha256=hashlib.sha256(contenido).hexdigest()
        )
        with pytest.raises(ErrorImpresa, match=esperado) as error:
            representacion_impresa(contenido, datos, URL, sello=sellador_demo)
        assert error.value.campo == "documento"


def test_datos_largos_caben_en_una_sola_pagina_final(
    oficial: tuple[str, Sellador], sellador_demo: Sellador, tmp_path: Path
) -> None:
    """An RSA-4096 signature (684 base64 characters), a 200-character act, long office names:
    still one final page, and every long string printed whole (wrapped, not cut)."""
    documento = oficio()
    datos = replace(
        datos_de(documento, oficial),
        acto=(
            "Resolución por la que se determina el crédito fiscal por concepto de cuotas obrero "
            "patronales omitidas, capitales constitutivos, actualización y recargos, con motivo "
            "del ejercicio de las facultades de comprobación"
        ),
        firmante_cargo="Titular de la Jefatura de Servicios de Afiliación y Cobranza, 09 Centro",
        subdelegacion="Subdelegación 09 Centro de la Delegación Norte de la Ciudad de México",
        firma=base64.b64encode(bytes(range(256)) * 2).decode("ascii"),
    )
    assert len(datos.firma) == 684
    impresa = representacion_impresa(documento, datos, URL, sello=sellador_demo)
    assert paginas_de(impresa) == 2
    plano = sin_espacios(texto_de_pagina(impresa, tmp_path, 2))
    assert datos.firma in plano
    assert sin_espacios(datos.acto) in plano
    assert sin_espacios(datos.subdelegacion) in plano


def test_rechaza_un_pdf_cifrado(oficial: tuple[str, Sellador], sellador_demo: Sellador) -> None:
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, pagesize=letter, encrypt="secreto")
    lienzo.drawString(72, 720, "Documento cifrado")
    lienzo.showPage()
    lienzo.save()
    cifrado = salida.getvalue()
    datos = replace(
        datos_de(oficio(), oficial), documento_sha256=hashlib.sha256(cifrado).hexdigest()
    )
    with pytest.raises(ErrorImpresa, match="cifrado") as error:
        representacion_impresa(cifrado, datos, URL, sello=sellador_demo)
    assert error.value.campo == "documento"
