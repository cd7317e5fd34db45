"""The emisión's PDF: the facts with a verification QR, totals per concept, the parameters used,
every worker and the movements to clarify; PAdES-signed with the Institute's seal.

Rendered when asked for, never stored and never in the generation (a million of them up front
would cost hours for documents most never open) [I-n, docs/interpretaciones.md]. The layout is a
pure function of the emisión (ReportLab's invariant mode, the generation instant as document
date); only the signature's own time differs between downloads.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Spacer  # type: ignore[import-untyped]

from buzon.cuotas.emisiones.archivos import pesos
from buzon.cuotas.emisiones.detalle import Fila
from buzon.cuotas.emisiones.modelos import Emision
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
from buzon.evidencia.pades import firmar_escritor
from buzon.evidencia.sello import Sellador
from buzon.legal.formato import instante_legible

TITULOS = {
    "EMA": "Propuesta de cédula de determinación de cuotas — emisión mensual (EMA)",
    "EBA": "Propuesta de cédula de determinación de cuotas — emisión bimestral (EBA)",
}
NOMBRES = {
    "cuota_fija": "Cuota fija (LSS 106-I)",
    "excedente": "Excedente de 3 UMA (LSS 106-II)",
    "prestaciones_dinero": "Prestaciones en dinero (LSS 107)",
    "gastos_medicos_pensionados": "Gastos médicos de pensionados (LSS 25)",
    "riesgos_trabajo": "Riesgos de trabajo (LSS 71–74)",
    "invalidez_vida": "Invalidez y vida (LSS 147)",
    "guarderias": "Guarderías y prestaciones sociales (LSS 211)",
    "retiro": "Retiro (LSS 168-I)",
    "cesantia_vejez": "Cesantía en edad avanzada y vejez (LSS 168-II)",
    "infonavit": "INFONAVIT (Ley del INFONAVIT, 29-II)",
}
AVISO = (
    "Esta es la propuesta del IMSS calculada con los movimientos afiliatorios que usted presentó "
    "(LSS 39 A). Verifique su autenticidad escaneando el código QR o capturando el folio y el "
    "código en el sitio oficial; el IMSS nunca le pedirá su contraseña ni su e.firma."
)


def _hechos(e: Emision) -> list[tuple[str, str]]:
    return [
        ("Folio", e.folio),
        ("Código de verificación", e.codigo_verificacion),
        ("RFC", e.rfc),
        ("Registro patronal", e.registro_patronal),
        ("Periodo", e.periodo),
        ("Generada", instante_legible(e.generada)),
        ("Trabajadores", str(e.trabajadores)),
        ("Total patrón", pesos(e.total_patron)),
        ("Total obrero", pesos(e.total_obrero)),
        ("Total", pesos(e.total_patron + e.total_obrero)),
    ]


def _totales(e: Emision) -> Flowable:
    filas: list[list[Any]] = [
        [parrafo(t, "etiqueta") for t in ("Concepto", "Patrón", "Obrero", "Total")]
    ]
    for concepto, (patron, obrero) in e.totales.items():
        filas.append(
            [
                parrafo(NOMBRES.get(concepto, concepto), "base"),
                parrafo(pesos(patron), "base"),
                parrafo(pesos(obrero), "base"),
                parrafo(pesos(patron + obrero), "base"),
            ]
        )
    ancho = ANCHO_UTIL - 3 * 28 * mm
    return tabla(filas, (ancho, 28 * mm, 28 * mm, 28 * mm))


def _parametros(e: Emision) -> list[tuple[str, str]]:
    return [(str(k), str(v)) for k, v in sorted(e.parametros.items())]


def _trabajadores(filas: list[Fila], nombres: dict[str, str]) -> Flowable:
    encabezado = ("NSS", "Nombre", "Días", "Aus.", "Inc.", "SBC", "Patrón", "Obrero")
    datos: list[list[Any]] = [[parrafo(t, "etiqueta") for t in encabezado]]
    for f in filas:
        datos.append(
            [
                parrafo(f.nss, "mono"),
                parrafo(nombres.get(f.nss, ""), "base"),
                parrafo(str(f.cotizados), "base"),
                parrafo(str(f.ausentismos), "base"),
                parrafo(str(f.incapacidades), "base"),
                parrafo(pesos(f.sbc), "base"),
                parrafo(pesos(f.total_patron), "base"),
                parrafo(pesos(f.total_obrero), "base"),
            ]
        )
    fijos = (24 * mm, 11 * mm, 10 * mm, 10 * mm, 20 * mm, 22 * mm, 22 * mm)
    anchos = (fijos[0], ANCHO_UTIL - sum(fijos), *fijos[1:])
    return tabla(datos, anchos)


def _contenido(e: Emision, filas: list[Fila], nombres: dict[str, str], url: str) -> list[Flowable]:
    ancho_hechos = ANCHO_UTIL - LADO_QR - 6 * mm
    ancho_etiqueta = 44 * mm
    hechos = tabla(
        [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in _hechos(e)],
        (ancho_etiqueta, ancho_hechos - ancho_etiqueta),
    )
    historia: list[Flowable] = [
        parrafo(AUTOR, "instituto"),
        parrafo(TITULOS[e.tipo], "titulo"),
        Spacer(1, 4),
        hechos_con_qr(hechos, ancho_hechos, url, "Escanee para verificar"),
        parrafo("Totales por concepto (pesos)", "seccion"),
        _totales(e),
        parrafo("Parámetros con que se calculó", "seccion"),
        tabla(
            [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in _parametros(e)],
            (ancho_etiqueta, ANCHO_UTIL - ancho_etiqueta),
        ),
        parrafo("Trabajadores", "seccion"),
        _trabajadores(filas, nombres),
    ]
    if e.por_aclarar:
        historia += [
            parrafo("Movimientos por aclarar (no se incluyen en los totales)", "seccion"),
            tabla(
                [(parrafo(a["nss"], "mono"), parrafo(a["mensaje"], "base")) for a in e.por_aclarar],
                (24 * mm, ANCHO_UTIL - 24 * mm),
            ),
        ]
    historia += [
        parrafo("Verificación", "seccion"),
        bloque_mono(url, ANCHO_UTIL),
        Spacer(1, 8),
        recuadro_aviso(AVISO),
    ]
    return historia


def maquetar(e: Emision, filas: list[Fila], nombres: dict[str, str], url: str) -> bytes:
    """The unsigned layout (reproducible: same emisión and URL, same bytes)."""
    return maquetar_carta(
        _contenido(e, filas, nombres, url),
        f"{TITULOS[e.tipo]} — {e.periodo} — {e.registro_patronal}",
        e.folio,
        e.generada,
        asunto=f"Emisión {e.tipo} {e.periodo} del registro patronal {e.registro_patronal}",
        claves=["IMSS", "Buzón IMSS", "emisión", e.folio],
        productor=PRODUCTOR_SELLADO,
        mostrar_titulo=True,
    )


def pdf_emision(
    e: Emision, filas: list[Fila], nombres: dict[str, str], url: str, sello: Sellador
) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    escritor = IncrementalPdfFileWriter(io.BytesIO(maquetar(e, filas, nombres, url)))
    return firmar_escritor(escritor, sello, f"Sello digital del IMSS, emisión {e.folio}")
