"""The *representación impresa* of a notified document: what a notificador prints and hands over.

`representacion_impresa(documento, datos, url_verificacion)` returns the official's signed PDF
**byte for byte as its prefix** (its pages first, untouched), followed by one incremental update
that adds a final page (ReportLab) with the folio, the act, the masked RFC, the signer, the signing
instant, the SHA-256 of the signed document, the signature's cadena and the signature, a QR code
with the public verification URL and a plain-Spanish box on how to verify it; the same update
carries the Institute's PAdES seal (`pades.firmar_escritor`) over the whole file. So
`documento == resultado[:len(documento)]`, the official's signature still verifies over those
bytes, and a byte changed anywhere makes `pdfsig` report the seal invalid.

The final page's layout is a pure function of `datos`, the URL and the page count
(`pagina_final`); only the seal's own time changes between renders.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Spacer,
)

from buzon.evidencia.maqueta import (
    ANCHO_UTIL,
    AUTOR,
    LADO_QR,
    PRODUCTOR_SELLADO,
    CodigoQR,
    bloque_mono,
    maquetar_carta,
    parrafo,
    recuadro,
    tabla,
)
from buzon.evidencia.pades import firmar_escritor
from buzon.evidencia.sello import Sellador, sellador_activo
from buzon.legal.formato import instante_legible
from buzon.legal.rfc import enmascarar_rfc

TITULO = (
    "Representación impresa de documento notificado por el Instituto Mexicano del Seguro Social"
)
#: The signature field of the Institute's seal on a representación impresa (distinct from an
#: acuse's `SelloIMSS`, so a signed PDF that already has one can still be printed).
CAMPO_SELLO = "SelloIMSSImpresa"
CONTACTO = (
    "El IMSS nunca envía ligas por correo electrónico ni por SMS, aunque el mensaje parezca "
    "venir de una dirección @imss.gob.mx, y nunca le pide contraseñas, su e.firma ni su llave "
    "privada. No abra ligas de mensajes: escriba usted mismo la dirección del sitio del IMSS."
)
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ErrorImpresa(ValueError):
    """The representación impresa cannot be made; a Spanish message naming the field at fault."""

    def __init__(self, mensaje: str, campo: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.campo = campo


@dataclass(frozen=True)
class DatosImpresa:
    """What the final page states. `rfc` is the full RFC: the page prints it masked."""

    folio: str
    #: The act's numeral in the relación de trámites (`7.1`) and its legal name.
    numeral: str
    acto: str
    rfc: str
    firmante_nombre: str
    firmante_cargo: str
    #: The number (serial, 20 digits for SAT certificates) of the signer's e.firma certificate.
    firmante_certificado: str
    #: When the official signed (aware); printed in Zona Centro.
    firmado: datetime
    #: SHA-256 (hex) of the signed document: checked against the bytes given.
    documento_sha256: str
    #: The official's signature, base64 (RSA PKCS#1 v1.5 with SHA-256), and the cadena it signs.
    firma: str
    cadena: str
    subdelegacion: str
    codigo_verificacion: str


# ------------------------------------------------------------------ checks


def _exigir(datos: DatosImpresa, documento: bytes, url: str) -> None:
    for campo in ("folio", "numeral", "acto", "rfc", "firmante_nombre", "firmante_cargo",
                  "firmante_certificado", "firma", "cadena", "subdelegacion",
                  "codigo_verificacion"):  # fmt: skip
        if not str(getattr(datos, campo)).strip():
            raise ErrorImpresa(f"Falta el dato «{campo}» de la representación impresa.", campo)
    if datos.firmado.tzinfo is None or datos.firmado.utcoffset() is None:
        raise ErrorImpresa(
            "El instante de la firma no tiene zona horaria: indíquelo con su desfase "
            "(por ejemplo 2026-03-20T09:30:00-06:00).",
            "firmado",
        )
    if not documento.startswith(b"%PDF-"):
        raise ErrorImpresa("El documento firmado no es un PDF (no empieza con %PDF-).", "documento")
    esperado = datos.documento_sha256.strip().lower()
    if not _SHA256.fullmatch(esperado):
        raise ErrorImpresa(
            "El SHA-256 del documento debe tener 64 caracteres hexadecimales.", "documento_sha256"
        )
    real = hashlib.sha256(documento).hexdigest()
    if real != esperado:
        raise ErrorImpresa(
            f"El documento recibido (SHA-256 {real}) no es el documento firmado (SHA-256 "
            f"{esperado}): imprima el documento exacto que firmó el servidor público.",
            "documento",
        )
    partes = urlsplit(url)
    codigos = parse_qs(partes.query).get("c", [])
    if (
        partes.scheme not in ("http", "https")
        or not partes.netloc
        or partes.path.rstrip("/").rsplit("/", 1)[-1] != datos.folio
        or codigos != [datos.codigo_verificacion]
    ):
        raise ErrorImpresa(
            "La dirección de verificación debe ser absoluta y llevar el folio y el código del "
            f"documento (…/verificar/{datos.folio}?c=…); se recibió «{url}».",
            "url_verificacion",
        )


def direccion_formulario(url_verificacion: str) -> str:
    """The public page where a folio is typed: the verification URL without folio and code."""
    partes = urlsplit(url_verificacion)
    carpeta = partes.path.rstrip("/").rsplit("/", 1)[0]
    return f"{partes.scheme}://{partes.netloc}{carpeta}/"


# ------------------------------------------------------------------ layout


def cadena_impresa(datos: DatosImpresa) -> str:
    """The cadena as printed: every occurrence of the recipient's RFC masked (I-32)."""
    rfc = datos.rfc.strip()
    patron = re.compile(re.escape(rfc), re.IGNORECASE)
    return patron.sub(enmascarar_rfc(rfc), datos.cadena)


def _intervalo(paginas: int) -> str:
    return "1" if paginas == 1 else f"1 a {paginas}"


def _hechos(datos: DatosImpresa, paginas: int) -> list[tuple[str, str]]:
    return [
        ("Folio", datos.folio),
        ("Código de verificación", datos.codigo_verificacion),
        ("Acto notificado", f"{datos.numeral} {datos.acto}"),
        ("RFC del destinatario", enmascarar_rfc(datos.rfc)),
        ("Subdelegación", datos.subdelegacion),
        ("Firmado por", datos.firmante_nombre),
        ("Cargo", datos.firmante_cargo),
        ("Certificado de la e.firma", f"No. {datos.firmante_certificado}"),
        ("Fecha y hora de la firma", instante_legible(datos.firmado)),
        ("Páginas firmadas", _intervalo(paginas)),
    ]


def _verificacion(datos: DatosImpresa, url: str) -> Flowable:
    """The boxed verification block: the QR code beside the plain-Spanish instructions."""
    formulario = direccion_formulario(url)
    ancho_qr = LADO_QR + 12
    ancho_texto = ANCHO_UTIL - ancho_qr
    instrucciones = [
        parrafo("¿Cómo comprobar que este documento es auténtico?", "aviso"),
        Spacer(1, 2),
        parrafo(
            "1. Escanee el código QR con la cámara de su teléfono, o escriba usted mismo en su "
            f"navegador la dirección {formulario} y capture el folio {datos.folio} y el código "
            f"de verificación {datos.codigo_verificacion}.\n"
            "2. La página del IMSS debe mostrar el mismo folio, el mismo servidor público "
            "firmante, la misma fecha y el mismo SHA-256. Si algo no coincide, el documento no "
            "es auténtico: no atienda sus instrucciones.",
            "base",
        ),
        Spacer(1, 3),
        bloque_mono(url, ancho_texto - 16),
        Spacer(1, 4),
        parrafo(CONTACTO, "aviso"),
    ]
    codigo = [CodigoQR(url, LADO_QR), parrafo("Escanee para verificar", "qr")]
    return recuadro([codigo, instrucciones], (ancho_qr, ancho_texto))


def _contenido(datos: DatosImpresa, url: str, paginas: int, sello: Sellador) -> list[Flowable]:
    ancho_etiqueta = 48 * mm
    hechos = tabla(
        [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in _hechos(datos, paginas)],
        (ancho_etiqueta, ANCHO_UTIL - ancho_etiqueta),
    )
    cadena = cadena_impresa(datos)
    nota = (
        [
            parrafo(
                f"En la cadena, el RFC del destinatario se muestra enmascarado "
                f"({enmascarar_rfc(datos.rfc)}). La firma se comprueba sobre el documento "
                "firmado, cuyo SHA-256 se indica arriba.",
                "pie",
            )
        ]
        if cadena != datos.cadena
        else []
    )
    return [
        parrafo(AUTOR, "instituto"),
        parrafo(TITULO, "titulo"),
        Spacer(1, 2),
        parrafo(
            f"Las páginas {_intervalo(paginas)} son el documento firmado con firma electrónica "
            "avanzada (e.firma) por el servidor público que se indica, sin modificación alguna. "
            f"Esta página {paginas + 1} la agrega el Instituto con los datos para verificarlo.",
            "base",
        ),
        Spacer(1, 6),
        hechos,
        KeepTogether(
            [
                parrafo(
                    f"SHA-256 del documento firmado (páginas {_intervalo(paginas)})", "seccion"
                ),
                bloque_mono(datos.documento_sha256.strip().lower(), ANCHO_UTIL),
            ]
        ),
        KeepTogether(
            [
                parrafo("Cadena original de la firma", "seccion"),
                bloque_mono(cadena, ANCHO_UTIL),
                *nota,
            ]
        ),
        KeepTogether(
            [
                parrafo(
                    "Firma electrónica avanzada del servidor público "
                    "(RSA PKCS#1 v1.5 con SHA-256, base64)",
                    "seccion",
                ),
                bloque_mono(datos.firma.strip(), ANCHO_UTIL),
            ]
        ),
        Spacer(1, 10),
        _verificacion(datos, url),
        Spacer(1, 6),
        parrafo(
            "Esta página y el documento que la precede están sellados electrónicamente por el "
            f"IMSS (sello digital, certificado {sello.numero}): cualquier cambio en el archivo "
            "invalida el sello, que puede validarse con cualquier lector de PDF que confíe en la "
            "autoridad certificadora del sello.",
            "pie",
        ),
    ]


def pagina_final(
    datos: DatosImpresa, url_verificacion: str, paginas: int, sello: Sellador
) -> bytes:
    """The final page alone, as a one-page PDF (reproducible: same inputs, same bytes).

    `paginas`: the pages of the signed document (the final page is numbered after them).
    """
    return maquetar_carta(
        _contenido(datos, url_verificacion, paginas, sello),
        f"{TITULO} — folio {datos.folio}",
        datos.folio,
        datos.firmado,
        paginas_previas=paginas,
        productor=PRODUCTOR_SELLADO,
    )


# ----------------------------------------------------------------- writing


def _anexar_paginas(escritor: IncrementalPdfFileWriter, pdf: bytes) -> None:
    """Every page of `pdf`, appended at the end of `escritor`'s page tree (contents, resources
    and media box imported; nothing else of `pdf` is carried over)."""
    # pyHanko's page-tree helpers are unannotated (the calls below are untyped).
    lector = PdfFileReader(io.BytesIO(pdf))
    total = int(lector.root["/Pages"]["/Count"])
    for indice in range(total):
        referencia, recursos = lector.find_page_for_modification(indice)  # type: ignore[no-untyped-call]
        pagina = referencia.get_object()
        nueva = generic.DictionaryObject(  # type: ignore[no-untyped-call]
            {
                pdf_name("/Type"): pdf_name("/Page"),
                pdf_name("/MediaBox"): escritor.import_object(pagina["/MediaBox"]),
                pdf_name("/Resources"): escritor.import_object(recursos),
                pdf_name("/Contents"): escritor.import_object(pagina.raw_get("/Contents")),
            }
        )
        escritor.insert_page(nueva)  # type: ignore[no-untyped-call]


def _abrir(documento: bytes) -> tuple[IncrementalPdfFileWriter, int]:
    """An incremental writer over the signed document, and its page count."""
    try:
        escritor = IncrementalPdfFileWriter(io.BytesIO(documento))
        paginas = int(escritor.root["/Pages"]["/Count"])
    except (PdfError, KeyError, TypeError, ValueError) as exc:
        raise ErrorImpresa(
            f"El documento firmado no es un PDF que se pueda leer ({exc}): revise el archivo.",
            "documento",
        ) from exc
    if escritor.security_handler is not None:
        raise ErrorImpresa(
            "El documento firmado está cifrado o protegido con contraseña: no se le puede "
            "agregar la página de verificación.",
            "documento",
        )
    return escritor, paginas


def representacion_impresa(
    documento: bytes,
    datos: DatosImpresa,
    url_verificacion: str,
    *,
    sello: Sellador | None = None,
) -> bytes:
    """The signed `documento` unchanged, plus the final page, sealed by the Institute (PAdES).

    `url_verificacion`: the absolute public URL `…/verificar/FOLIO?c=CODE` the QR code holds.
    `sello`: the seal to sign with (default: the active one; ErrorSello when there is none).
    Raises ErrorImpresa (Spanish, naming the field) when the data do not match the document or
    the PDF cannot be extended (unreadable, encrypted).
    """
    _exigir(datos, documento, url_verificacion)
    firmante = sello if sello is not None else sellador_activo()
    escritor, paginas = _abrir(documento)
    _anexar_paginas(escritor, pagina_final(datos, url_verificacion, paginas, firmante))
    razon = f"Sello digital de la representación impresa del documento {datos.folio}"
    return firmar_escritor(escritor, firmante, razon, campo=CAMPO_SELLO)
