"""Layout pieces shared by the Institute's printed documents (acuses, representación impresa).

Fonts embedded from `fuentes/` (DejaVu: every character of a cadena prints and extracts), the
paragraph styles, hard-wrapped monospace blocks, grid tables, the vector QR code and the document
date ReportLab writes. Pure layout: no Django, no database.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import LETTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from buzon.legal.zonas import ZONA_CENTRO

AUTOR = "Instituto Mexicano del Seguro Social — Buzón IMSS"
#: The producer of the documents the Institute seals (PAdES, pyHanko).
PRODUCTOR_SELLADO = "Buzón IMSS (ReportLab, pyHanko)"

FUENTES = Path(__file__).resolve().parent / "fuentes"
SANS, NEGRITA, MONO = "BuzonSans", "BuzonSans-Bold", "BuzonMono"
MONO_CUERPO = 7.5
MARGEN = 18 * mm
ANCHO_UTIL = LETTER[0] - 2 * MARGEN
LADO_QR = 38 * mm
#: Colours of the printed documents: headings, grid, label cells, the warning box.
GRIS_INSTITUTO = colors.HexColor("#2f4f4f")
GRIS_REJILLA = colors.HexColor("#9a9a9a")
FONDO_ETIQUETA = colors.HexColor("#eef2f2")
GRIS_PIE = colors.HexColor("#444444")
ROJO_AVISO = colors.HexColor("#8a1c1c")
FONDO_AVISO = colors.HexColor("#fff4f2")


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


@lru_cache(maxsize=1)
def registrar_fuentes() -> None:
    for nombre, archivo in (
        (SANS, "DejaVuSans.ttf"),
        (NEGRITA, "DejaVuSans-Bold.ttf"),
        (MONO, "DejaVuSansMono.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(nombre, str(FUENTES / archivo)))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=NEGRITA)


@lru_cache(maxsize=1)
def estilos() -> dict[str, ParagraphStyle]:
    registrar_fuentes()
    base = ParagraphStyle("base", fontName=SANS, fontSize=9, leading=11.5)
    return {
        "base": base,
        "titulo": ParagraphStyle("titulo", base, fontName=NEGRITA, fontSize=15, leading=19),
        "instituto": ParagraphStyle("instituto", base, fontSize=9.5, textColor=GRIS_INSTITUTO),
        "seccion": ParagraphStyle(
            "seccion",
            base,
            fontName=NEGRITA,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
        ),
        "etiqueta": ParagraphStyle("etiqueta", base, fontName=NEGRITA),
        "mono": ParagraphStyle("mono", base, fontName=MONO, fontSize=MONO_CUERPO, leading=9.5),
        "aviso": ParagraphStyle("aviso", base, fontName=NEGRITA, fontSize=9.5, leading=12.5),
        "qr": ParagraphStyle("qr", base, fontSize=7.5, leading=9, alignment=TA_CENTER),
        "pie": ParagraphStyle("pie", base, fontSize=7.5, leading=9.5, textColor=GRIS_PIE),
    }


def parrafo(texto: str, estilo: str) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(texto).replace("\n", "<br/>"), estilos()[estilo])


def bloque_mono(texto: str, ancho_pt: float) -> Preformatted:
    """Monospace text hard-wrapped to `ancho_pt`, every character kept (no markup parsing)."""
    por_linea = max(16, int(ancho_pt / pdfmetrics.stringWidth("M", MONO, MONO_CUERPO)))
    return Preformatted("\n".join(partir(texto, por_linea)), estilos()["mono"])


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


def tabla(filas: Sequence[Sequence[Any]], anchos: Sequence[float], rejilla: bool = True) -> Table:
    resultado = Table([list(f) for f in filas], colWidths=list(anchos), hAlign="LEFT")
    estilo: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if rejilla:
        estilo += [
            ("GRID", (0, 0), (-1, -1), 0.4, GRIS_REJILLA),
            ("BACKGROUND", (0, 0), (0, -1), FONDO_ETIQUETA),
        ]
    resultado.setStyle(TableStyle(estilo))
    return resultado


def recuadro_aviso(texto: str) -> Table:
    """The boxed warning (dark red frame, pale background) across the usable width."""
    return _enmarcar([parrafo(texto, "aviso")], (ANCHO_UTIL,))


def recuadro(columnas: Sequence[Sequence[Flowable]], anchos: Sequence[float]) -> Table:
    """The warning box holding one row of columns (each a list of flowables), padded inside."""
    marco = _enmarcar([list(c) for c in columnas], anchos)
    marco.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)])
    )
    return marco


def _enmarcar(fila: list[Any], anchos: Sequence[float]) -> Table:
    marco = tabla([fila], anchos, rejilla=False)
    marco.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, ROJO_AVISO),
                ("BACKGROUND", (0, 0), (-1, -1), FONDO_AVISO),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return marco


def hechos_con_qr(hechos: Table, ancho_hechos: float, url: str, leyenda: str) -> Table:
    """The facts table with the QR code (and its caption) to its right."""
    cabecera = Table(
        [[hechos, [CodigoQR(url, LADO_QR), parrafo(leyenda, "qr")]]],
        colWidths=[ancho_hechos + 6 * mm, LADO_QR],
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
    return cabecera


class FechaDocumento:
    """ReportLab's document date (what its PDFDate reads), set to a given instant.

    With ReportLab's invariant mode this makes a layout a pure function of its inputs.
    """

    def __init__(self, instante: datetime) -> None:
        local = instante.astimezone(ZONA_CENTRO)
        desfase = local.utcoffset()
        minutos = int(desfase.total_seconds()) // 60 if desfase is not None else 0
        self.YMDhms = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        self.dhh = -(abs(minutos) // 60) if minutos < 0 else minutos // 60
        self.dmm = abs(minutos) % 60


def maquetar_carta(
    contenido: list[Flowable],
    titulo: str,
    folio: str,
    fecha: datetime,
    *,
    paginas_previas: int = 0,
    asunto: str | None = None,
    claves: Sequence[str] = (),
    productor: str | None = None,
    mostrar_titulo: bool | None = None,
) -> bytes:
    """The Institute's letter-size PDF of `contenido`: its margins, author, creator, language,
    `pie_de_pagina` dated `fecha`, and reproducible output (`invariant`: same inputs, same bytes);
    metadata not given stays ReportLab's default."""
    salida = io.BytesIO()
    plantilla = SimpleDocTemplate(
        salida,
        pagesize=LETTER,
        leftMargin=MARGEN,
        rightMargin=MARGEN,
        topMargin=MARGEN,
        bottomMargin=MARGEN,
        title=titulo,
        author=AUTOR,
        subject=asunto,
        keywords=list(claves),
        creator="Buzón IMSS",
        producer=productor,
        lang="es-MX",
        displayDocTitle=mostrar_titulo,
        invariant=True,
    )
    pie = pie_de_pagina(folio, FechaDocumento(fecha), paginas_previas)
    plantilla.build(contenido, onFirstPage=pie, onLaterPages=pie)
    return salida.getvalue()


def pie_de_pagina(folio: str, fecha: FechaDocumento, paginas_previas: int = 0) -> Any:
    """ReportLab's page callback: the fixed document date, and `Folio F · Página n` at the foot.

    `paginas_previas`: pages that come before this layout in the final PDF (numbering goes on).
    """

    def pagina(lienzo: Any, doc: Any) -> None:
        lienzo._doc._timeStamp = fecha  # ReportLab has no public setter for it
        lienzo.saveState()
        lienzo.setFont(SANS, 7.5)
        lienzo.setFillColor(GRIS_PIE)
        lienzo.drawString(MARGEN, 10 * mm, f"Folio {folio}")
        lienzo.drawRightString(LETTER[0] - MARGEN, 10 * mm, f"Página {doc.page + paginas_previas}")
        lienzo.restoreState()

    return pagina
