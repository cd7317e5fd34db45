"""The opinión's PDF: sentido, motivos and validity with a verification QR, the cadena original
and the sello of its acuse; PAdES-signed with the Institute's seal (`evidencia.pades`), laid out
with the letter page every sealed document uses (`evidencia.maqueta.maquetar_carta`).

Rendered when asked for, never stored: the layout is a pure function of the opinión and the URL
(ReportLab's invariant mode, the issue instant as document date); only the signature's own time
differs between downloads.
"""

from __future__ import annotations

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped]

from buzon.evidencia.maqueta import (
    ANCHO_UTIL,
    AUTOR,
    LADO_QR,
    PRODUCTOR_SELLADO,
    bloque_mono,
    hechos_con_qr,
    maquetar_carta,
    parrafo,
    recuadro_aviso,
    tabla,
)
from buzon.evidencia.pades import firmar_pdf
from buzon.evidencia.sello import Sellador
from buzon.evidencia.tipos import TipoAcuse, titulo
from buzon.legal.formato import instante_legible
from buzon.opinion.models import Opinion, Sentido
from buzon.opinion.servicios import texto_vigencia

TITULO = titulo(TipoAcuse.OPINION_CUMPLIMIENTO)
SENTIDOS: dict[str, str] = {
    Sentido.POSITIVA: "POSITIVA",
    Sentido.NEGATIVA: "NEGATIVA",
    Sentido.SIN_OPINION: "SIN OPINIÓN",
}
EXPLICACIONES: dict[str, str] = {
    Sentido.POSITIVA: "Con base en la información de los registros del Instituto al momento de "
    "su emisión, el contribuyente se encuentra al corriente en el cumplimiento de sus "
    "obligaciones fiscales en materia de seguridad social.",
    Sentido.NEGATIVA: "Con base en la información de los registros del Instituto al momento de "
    "su emisión, el contribuyente tiene adeudos exigibles en materia de seguridad social. "
    "Los motivos indican cuáles: regularice su situación y solicite una nueva opinión.",
    Sentido.SIN_OPINION: "El Instituto no puede emitir una opinión positiva ni negativa con la "
    "información de sus registros al momento de su emisión; los motivos explican por qué.",
}
FUNDAMENTO = (
    "Código Fiscal de la Federación, artículo 32-D; Lineamientos de carácter general para la "
    "operación del Buzón IMSS (DOF 5-VIII-2024), relación de trámites y servicios, numerales 9.2 "
    "y 9.4. Esta opinión se emite con la situación que consta en los registros del Instituto en "
    "el instante de su emisión y no prejuzga sobre facultades de comprobación."
)
AVISO = (
    "Verifique la autenticidad de esta opinión escaneando el código QR o capturando el folio y el "
    "código en el sitio oficial; el IMSS nunca le pedirá su contraseña ni su e.firma."
)


def _hechos(o: Opinion) -> list[tuple[str, str]]:
    return [
        ("Folio", o.folio),
        ("Código de verificación", o.acuse.codigo_verificacion),
        ("RFC", o.rfc),
        ("Sentido", SENTIDOS.get(o.sentido, o.sentido)),
        ("Emitida", instante_legible(o.emitida)),
        ("Vigencia", texto_vigencia(o.emitida, o.vigente_hasta)),
    ]


def _contenido(o: Opinion, url: str) -> list[Flowable]:
    ancho_hechos = ANCHO_UTIL - LADO_QR - 6 * mm
    ancho_etiqueta = 40 * mm
    hechos = tabla(
        [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in _hechos(o)],
        (ancho_etiqueta, ancho_hechos - ancho_etiqueta),
    )
    motivos = o.motivos or ["Sin motivos adicionales."]
    acuse = o.acuse
    return [
        parrafo(AUTOR, "instituto"),
        parrafo(TITULO, "titulo"),
        Spacer(1, 4),
        hechos_con_qr(hechos, ancho_hechos, url, "Escanee para verificar"),
        parrafo(f"Sentido: {SENTIDOS.get(o.sentido, o.sentido)}", "seccion"),
        parrafo(EXPLICACIONES.get(o.sentido, ""), "base"),
        parrafo("Motivos", "seccion"),
        tabla(
            [(parrafo(str(i), "etiqueta"), parrafo(m, "base")) for i, m in enumerate(motivos, 1)],
            (8 * mm, ANCHO_UTIL - 8 * mm),
        ),
        parrafo("Fundamento", "seccion"),
        parrafo(FUNDAMENTO, "base"),
        KeepTogether(
            [parrafo("Cadena original", "seccion"), bloque_mono(acuse.cadena_original, ANCHO_UTIL)]
        ),
        KeepTogether(
            [
                parrafo("Sello digital del IMSS (RSA PKCS#1 v1.5 con SHA-256, base64)", "seccion"),
                bloque_mono(acuse.sello, ANCHO_UTIL),
            ]
        ),
        parrafo(f"No. de certificado del sello: {acuse.certificado_sello_id}", "base"),
        parrafo("Verificación", "seccion"),
        bloque_mono(url, ANCHO_UTIL),
        Spacer(1, 8),
        recuadro_aviso(AVISO),
    ]


def maquetar(o: Opinion, url: str) -> bytes:
    """The unsigned layout (reproducible: same opinión and URL, same bytes)."""
    return maquetar_carta(
        _contenido(o, url),
        f"{TITULO} — folio {o.folio}",
        o.folio,
        o.emitida,
        asunto=f"Opinión de cumplimiento {o.folio} del RFC {o.rfc}: {o.sentido}",
        claves=["IMSS", "Buzón IMSS", "opinión de cumplimiento", "32-D", o.folio],
        productor=PRODUCTOR_SELLADO,
        mostrar_titulo=True,
    )


def pdf_opinion(o: Opinion, url: str, sello: Sellador) -> bytes:
    """The opinión's PDF, PAdES-signed with `sello` (normally the active one)."""
    return firmar_pdf(maquetar(o, url), sello, o.folio)
