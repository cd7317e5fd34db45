"""The printable acuse: a PDF with the facts, cadena original, sello and a verification QR code.

`pdf_acuse` lays the page out with ReportLab (fonts embedded from `fuentes/`, so every character
of a cadena prints and extracts), then PAdES-signs it (B-B) with the Institute's seal through
pyHanko, embedding the seal's CA when `BUZON_SELLO_DIR/ac/ac.cer` exists, so `pdfsig` validates it.

The unsigned layout is a pure function of the acuse and the URL (ReportLab's invariant mode, with
the acuse's issue instant as the document date); only the signature's own time changes between
renders. Rendering costs tens of milliseconds: callers do it on demand or in the background,
never inside a bulk job.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from buzon.evidencia.models import Acuse
from buzon.evidencia.sello import RFC_INSTITUTO, Sellador, carpeta_sello
from buzon.legal.formato import instante_legible
from buzon.legal.zonas import ZONA_CENTRO, ZONA_CENTRO_NOMBRE, zona

TITULOS = {
    "registro_medios": "Acuse de registro de medios de contacto",
    "terminos": "Acuse de aceptación de términos y condiciones",
    "notificacion": "Constancia de notificación electrónica",
    "notificacion_por_vencimiento": "Constancia de notificación por vencimiento",
    "constancia_aviso": "Constancia de aviso de notificación",
    "notificacion_estrados": "Constancia de notificación por estrados",
    "notificacion_personal": "Constancia de notificación personal",
    "cancelacion_notificacion": "Constancia de cancelación de notificación",
    "actuacion": "Acuse de recibo de actuación",
}

AVISO_PHISHING = (
    "Verifique la autenticidad de este documento escaneando el código QR o capturando el folio "
    "en el sitio oficial; el IMSS nunca le pedirá su contraseña ni su e.firma."
)

AUTOR = "Instituto Mexicano del Seguro Social — Buzón IMSS"

#: Readable labels for the facts the acuse types carry; other keys are shown capitalised.
ETIQUETAS = {
    "aviso_enviado": "Aviso enviado",
    "aviso": "Fecha y hora del aviso",
    "notificacion": "Folio de la notificación",
    "tipo_acto": "Tipo de acto",
    "emisor": "Servidor público emisor",
    "medio": "Forma de notificación",
    "vence": "Notificada por vencimiento, si no se abre, el",
    "cancelada_por": "Cancelada por",
    "motivo": "Motivo",
    "asunto": "Asunto",
    "celular": "Teléfono celular",
    "correos": "Correos electrónicos",
    "medios": "Medios de contacto",
    "version_terminos": "Versión de los términos",
    "depositado": "Fecha y hora de depósito",
    "abierto": "Fecha y hora de apertura",
    "plazo_dias": "Plazo (días hábiles)",
    "aviso_tres_dias": "Aviso de tres días",
}

_FUENTES = Path(__file__).resolve().parent / "fuentes"
_SANS, _NEGRITA, _MONO = "BuzonSans", "BuzonSans-Bold", "BuzonMono"
_MONO_CUERPO = 7.5
_MARGEN = 18 * mm
_ANCHO_UTIL = LETTER[0] - 2 * _MARGEN
_LADO_QR = 38 * mm


# ------------------------------------------------------------------- text


def fecha_legible(instante: datetime, nombre_zona: str = ZONA_CENTRO_NOMBRE) -> str:
    """`20 de marzo de 2026, 09:30:00 h, Zona Centro (UTC-06:00)` in the named IANA zone."""
    return instante_legible(instante, zona(nombre_zona))


def titulo(tipo: str) -> str:
    return TITULOS.get(tipo, f"Acuse ({tipo})")


def etiqueta(clave: str) -> str:
    return ETIQUETAS.get(clave) or clave.replace("_", " ").capitalize()


def valor_legible(valor: object) -> str:
    if valor is None or valor == "" or valor == []:
        return "—"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, list | tuple):
        return "\n".join(valor_legible(v) for v in valor)
    if isinstance(valor, dict):
        return "\n".join(f"{etiqueta(str(k))}: {valor_legible(v)}" for k, v in valor.items())
    return str(valor)


def partir(texto: str, ancho: int) -> list[str]:
    """Hard-wrap at `ancho` characters: nothing dropped, nothing added.

    A line never ends in `-` when more text follows (that character moves to the next line)
    unless a whole line is hyphens:
    text extractors such as pdftotext would take it for a hyphenation and drop it.
    """
    lineas: list[str] = []
    inicio = 0
    while len(texto) - inicio > ancho:
        fin = inicio + ancho
        while fin - inicio > 1 and texto[fin - 1] == "-":
            fin -= 1
        lineas.append(texto[inicio:fin])
        inicio = fin
    lineas.append(texto[inicio:])
    return lineas


# ----------------------------------------------------------------- layout


@lru_cache(maxsize=1)
def _registrar_fuentes() -> None:
    for nombre, archivo in (
        (_SANS, "DejaVuSans.ttf"),
        (_NEGRITA, "DejaVuSans-Bold.ttf"),
        (_MONO, "DejaVuSansMono.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(nombre, str(_FUENTES / archivo)))
    pdfmetrics.registerFontFamily(_SANS, normal=_SANS, bold=_NEGRITA)


@lru_cache(maxsize=1)
def _estilos() -> dict[str, ParagraphStyle]:
    _registrar_fuentes()
    base = ParagraphStyle("base", fontName=_SANS, fontSize=9, leading=11.5)
    return {
        "base": base,
        "titulo": ParagraphStyle("titulo", base, fontName=_NEGRITA, fontSize=15, leading=19),
        "instituto": ParagraphStyle(
            "instituto", base, fontSize=9.5, textColor=colors.HexColor("#2f4f4f")
        ),
        "seccion": ParagraphStyle(
            "seccion",
            base,
            fontName=_NEGRITA,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "etiqueta": ParagraphStyle("etiqueta", base, fontName=_NEGRITA),
        "mono": ParagraphStyle("mono", base, fontName=_MONO, fontSize=_MONO_CUERPO, leading=9.5),
        "aviso": ParagraphStyle("aviso", base, fontName=_NEGRITA, fontSize=9.5, leading=12.5),
        "qr": ParagraphStyle("qr", base, fontSize=7.5, leading=9, alignment=TA_CENTER),
        "pie": ParagraphStyle(
            "pie", base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")
        ),
    }


def _p(texto: str, estilo: str) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(texto).replace("\n", "<br/>"), _estilos()[estilo])


def _bloque_mono(texto: str, ancho_pt: float) -> Preformatted:
    """Monospace text hard-wrapped to `ancho_pt`, every character kept (no markup parsing)."""
    por_linea = max(16, int(ancho_pt / pdfmetrics.stringWidth("M", _MONO, _MONO_CUERPO)))
    return Preformatted("\n".join(partir(texto, por_linea)), _estilos()["mono"])


class CodigoQR(Flowable):  # type: ignore[misc]
    """A QR code drawn as vector rectangles (no raster image, crisp at any zoom)."""

    def __init__(self, contenido: str, lado: float) -> None:
        super().__init__()
        self.qr = segno.make(contenido, error="m", micro=False)
        self.lado = lado

    def wrap(self, _ancho: float, _alto: float) -> tuple[float, float]:
        return self.lado, self.lado

    def draw(self) -> None:
        filas = [list(f) for f in self.qr.matrix_iter(scale=1, border=4)]
        modulo = self.lado / len(filas)
        lienzo = self.canv
        lienzo.setFillColor(colors.white)
        lienzo.rect(0, 0, self.lado, self.lado, stroke=0, fill=1)
        lienzo.setFillColor(colors.black)
        for y, fila in enumerate(filas):
            x = 0
            while x < len(fila):
                if not fila[x]:
                    x += 1
                    continue
                inicio = x
                while x < len(fila) and fila[x]:
                    x += 1
                # One rectangle per run of dark modules; rows are drawn top-down.
                lienzo.rect(
                    inicio * modulo,
                    self.lado - (y + 1) * modulo,
                    (x - inicio) * modulo,
                    modulo,
                    stroke=0,
                    fill=1,
                )


def _tabla(filas: Sequence[Sequence[Any]], anchos: Sequence[float], rejilla: bool = True) -> Table:
    tabla = Table([list(f) for f in filas], colWidths=list(anchos), hAlign="LEFT")
    estilo: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if rejilla:
        estilo += [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9a9a9a")),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f2")),
        ]
    tabla.setStyle(TableStyle(estilo))
    return tabla


def _hechos(acuse: Acuse) -> list[tuple[str, str]]:
    filas = [
        ("Folio", acuse.folio),
        ("RFC", acuse.rfc),
    ]
    if acuse.registro_patronal:
        filas.append(("Registro patronal", acuse.registro_patronal))
    filas.append(("Emitido", fecha_legible(acuse.emitido)))
    if acuse.instante_legal is not None:
        nombre_zona = acuse.zona_legal or ZONA_CENTRO_NOMBRE
        filas.append(("Instante legal", fecha_legible(acuse.instante_legal, nombre_zona)))
        filas.append(("Zona horaria del domicilio", nombre_zona))
    elif acuse.zona_legal:
        filas.append(("Zona horaria del domicilio", acuse.zona_legal))
    return filas


def _documentos(documentos: Iterable[dict[str, str]]) -> list[Flowable]:
    filas: list[list[Any]] = [[_p("Documento", "etiqueta"), _p("SHA-256", "etiqueta")]]
    filas += [[_p(d["nombre"], "base"), _p(d["sha256"], "mono")] for d in documentos]
    if len(filas) == 1:
        return [_p("Este acuse no ampara documentos.", "base")]
    ancho_hash = pdfmetrics.stringWidth("0" * 64, _MONO, _MONO_CUERPO) + 8
    tabla = _tabla(filas, (_ANCHO_UTIL - ancho_hash, ancho_hash))
    tabla.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f2"))]))
    return [tabla]


def _contenido(acuse: Acuse, url_verificacion: str, sello: Sellador) -> list[Flowable]:
    ancho_etiqueta = 44 * mm
    ancho_hechos = _ANCHO_UTIL - _LADO_QR - 6 * mm
    hechos = _tabla(
        [(_p(k, "etiqueta"), _p(v, "base")) for k, v in _hechos(acuse)],
        (ancho_etiqueta, ancho_hechos - ancho_etiqueta),
    )
    cabecera = Table(
        [[hechos, [CodigoQR(url_verificacion, _LADO_QR), _p("Escanee para verificar", "qr")]]],
        colWidths=[ancho_hechos + 6 * mm, _LADO_QR],
        hAlign="LEFT",
    )
    cabecera.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    historia: list[Flowable] = [
        _p(AUTOR, "instituto"),
        _p(titulo(acuse.tipo), "titulo"),
        Spacer(1, 4),
        cabecera,
        _p("Documentos", "seccion"),
        *_documentos(acuse.documentos),
    ]
    datos = dict(acuse.datos or {})
    if datos:
        historia += [
            _p("Datos del acto", "seccion"),
            _tabla(
                [
                    (_p(etiqueta(k), "etiqueta"), _p(valor_legible(datos[k]), "base"))
                    for k in sorted(datos)
                ],
                (ancho_etiqueta, _ANCHO_UTIL - ancho_etiqueta),
            ),
        ]
    historia += [
        KeepTogether(
            [_p("Cadena original", "seccion"), _bloque_mono(acuse.cadena_original, _ANCHO_UTIL)]
        ),
        KeepTogether(
            [
                _p("Sello digital del IMSS (RSA PKCS#1 v1.5 con SHA-256, base64)", "seccion"),
                _bloque_mono(acuse.sello, _ANCHO_UTIL),
            ]
        ),
        _p("Certificado del sello", "seccion"),
        _p(f"No. de certificado: {acuse.certificado_sello_id}", "base"),
        _p("Verificación", "seccion"),
        _bloque_mono(url_verificacion, _ANCHO_UTIL),
        Spacer(1, 8),
        _tabla([[_p(AVISO_PHISHING, "aviso")]], (_ANCHO_UTIL,), rejilla=False),
    ]
    historia[-1].setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#8a1c1c")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff4f2")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    historia.append(Spacer(1, 6))
    historia.append(
        _p(
            "Este documento está firmado electrónicamente con el sello digital del IMSS "
            f"(certificado {sello.numero}); su firma PDF puede validarse con cualquier lector "
            "de PDF que confíe en la autoridad certificadora del sello.",
            "pie",
        )
    )
    return historia


class _FechaDocumento:
    """ReportLab's document date (what its PDFDate reads), set to the acuse's issue instant."""

    def __init__(self, instante: datetime) -> None:
        local = instante.astimezone(ZONA_CENTRO)
        desfase = local.utcoffset()
        minutos = int(desfase.total_seconds()) // 60 if desfase is not None else 0
        self.YMDhms = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        self.dhh = -(abs(minutos) // 60) if minutos < 0 else minutos // 60
        self.dmm = abs(minutos) % 60


def _maquetar(acuse: Acuse, url_verificacion: str, sello: Sellador) -> bytes:
    salida = io.BytesIO()
    documento = SimpleDocTemplate(
        salida,
        pagesize=LETTER,
        leftMargin=_MARGEN,
        rightMargin=_MARGEN,
        topMargin=_MARGEN,
        bottomMargin=_MARGEN,
        title=f"{titulo(acuse.tipo)} — folio {acuse.folio}",
        author=AUTOR,
        subject=f"{titulo(acuse.tipo)} {acuse.folio} para el RFC {acuse.rfc}",
        keywords=["IMSS", "Buzón IMSS", "acuse", acuse.folio],
        creator="Buzón IMSS",
        producer="Buzón IMSS (ReportLab, pyHanko)",
        lang="es-MX",
        displayDocTitle=True,
        invariant=True,
    )
    fecha = _FechaDocumento(acuse.emitido)

    def pagina(lienzo: Any, doc: Any) -> None:
        lienzo._doc._timeStamp = fecha  # ReportLab has no public setter for it
        lienzo.saveState()
        lienzo.setFont(_SANS, 7.5)
        lienzo.setFillColor(colors.HexColor("#444444"))
        lienzo.drawString(_MARGEN, 10 * mm, f"Folio {acuse.folio}")
        lienzo.drawRightString(LETTER[0] - _MARGEN, 10 * mm, f"Página {doc.page}")
        lienzo.restoreState()

    documento.build(
        _contenido(acuse, url_verificacion, sello), onFirstPage=pagina, onLaterPages=pagina
    )
    return salida.getvalue()


# ---------------------------------------------------------------- signing


def _certificado_ac() -> asn1_x509.Certificate | None:
    ruta = carpeta_sello() / "ac" / "ac.cer"
    try:
        contenido = ruta.read_bytes()
    except OSError:
        return None
    certificado: asn1_x509.Certificate = asn1_x509.Certificate.load(contenido)
    return certificado


class _FirmanteSello(signers.SimpleSigner):
    """pyHanko's SimpleSigner, signing with the seal's already-loaded key.

    SimpleSigner re-parses (and re-validates) the PKCS#8 key on every raw signature, twice per PDF
    (size estimate and signature): ~45 ms each for RSA-2048. Same mechanism, same bytes.
    """

    def __init__(self, llave: rsa.RSAPrivateKey, **argumentos: Any) -> None:
        super().__init__(**argumentos)
        self._llave = llave

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mecanismo = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mecanismo.signature_algo != "rsassa_pkcs1v15":
            return bytes(super().sign_raw(data, digest_algorithm))
        return self._llave.sign(
            data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
        )


def _firmante(sello: Sellador) -> signers.SimpleSigner:
    """pyHanko's signer for the seal. The key goes to asn1crypto as PKCS#8 DER, in memory only.

    asn1crypto decodes names lazily, and strictly: SAT-style subjects (the RFC in
    x500UniqueIdentifier as a PrintableString, Ñ as UTF-8 in a PrintableString or Latin-1 in a
    T61String) make `Name.native` raise. Nothing here asks it to decode a name (certificates are
    embedded as received), and the signer's display name is given explicitly, because pyHanko
    would otherwise build it from `subject.native`.
    """
    llave_der = sello.llave.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    ac = _certificado_ac()
    return _FirmanteSello(
        sello.llave,
        signing_cert=asn1_x509.Certificate.load(sello.certificado.der),
        signing_key=asn1_keys.PrivateKeyInfo.load(llave_der),
        cert_registry=SimpleCertificateStore.from_certs([ac] if ac is not None else []),
    )


def firmar_pdf(pdf: bytes, sello: Sellador, folio: str) -> bytes:
    """PAdES B-B signature of `pdf` by the seal (an invisible signature field)."""
    metadatos = signers.PdfSignatureMetadata(
        field_name="SelloIMSS",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=f"Instituto Mexicano del Seguro Social ({RFC_INSTITUTO}), sello {sello.numero}",
        reason=f"Sello digital del acuse {folio}",
        location="Buzón IMSS",
    )
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
    salida = io.BytesIO()
    signers.PdfSigner(metadatos, signer=_firmante(sello)).sign_pdf(escritor, output=salida)
    return salida.getvalue()


def pdf_sin_firma(acuse: Acuse, url_verificacion: str, sello: Sellador) -> bytes:
    """The acuse's layout before signing (reproducible: same acuse and URL, same bytes)."""
    return _maquetar(acuse, url_verificacion, sello)


def pdf_acuse(acuse: Acuse, url_verificacion: str, sello: Sellador) -> bytes:
    """The printable acuse, PAdES-signed with `sello`.

    `sello` is normally the active seal: an acuse sealed before a rotation keeps printing its
    original sello and certificate number, while the PDF signature is the current seal's.
    """
    return firmar_pdf(_maquetar(acuse, url_verificacion, sello), sello, acuse.folio)
