"""The constancias' PDFs: the facts with a verification QR, the detail (per empleo, or the
vigencia and its reason), the cadena original and the sello of the acuse; PAdES-signed with the
Institute's seal, laid out with the letter page every sealed document uses (as `opinion.pdf`).

Rendered when asked for from what the constancia stored, never recomputed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped]

from buzon.derechohabientes.models import Constancia
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
from buzon.evidencia.tipos import titulo
from buzon.legal.formato import fecha_legible, instante_legible

ESTADOS = {
    "vigente": "VIGENTE",
    "conservada": "VIGENTE (CONSERVACIÓN DE DERECHOS, LSS 109)",
    "sin_vigencia": "SIN VIGENCIA",
}
FUNDAMENTO: dict[str, str] = {
    Constancia.Tipo.SEMANAS: (
        "Lineamientos de carácter general para la operación del Buzón IMSS (DOF 5-VIII-2024), "
        "relación de trámites y servicios, numerales 4.2 y 10.5; Ley del Seguro Social, artículos "
        "15-I, 31, 37 y 191-II. Días reconocidos: los días vigentes de cada relación laboral menos "
        "los de ausentismo; los de incapacidad se cuentan; un día con dos patrones se cuenta una "
        "vez. Se emite con lo que consta en los registros de afiliación del Instituto en el "
        "instante de su emisión."
    ),
    Constancia.Tipo.VIGENCIA: (
        "Lineamientos de carácter general para la operación del Buzón IMSS (DOF 5-VIII-2024), "
        "relación de trámites y servicios, numerales 4.3 y 10.6; Ley del Seguro Social, artículos "
        "37 y 109. Se emite con lo que consta en los registros de afiliación del Instituto en el "
        "instante de su emisión."
    ),
}
AVISO = (
    "Verifique la autenticidad de esta constancia escaneando el código QR o capturando el folio y "
    "el código en el sitio oficial; el IMSS nunca le pedirá su contraseña ni su e.firma."
)


def _dia(valor: str | None, vacio: str = "—") -> str:
    return fecha_legible(date.fromisoformat(valor)) if valor else vacio


def _hechos(c: Constancia) -> list[tuple[str, str]]:
    d = c.datos
    hechos = [
        ("Folio", c.folio),
        ("Código de verificación", c.acuse.codigo_verificacion),
        ("Asegurado", d["nombre"]),
        ("NSS", d["nss"]),
        ("CURP", d["curp"]),
        ("Emitida", instante_legible(c.emitida)),
    ]
    if c.tipo == Constancia.Tipo.SEMANAS:
        return [
            *hechos,
            ("Semanas cotizadas", f"{d['semanas_cotizadas']} y {d['dias_restantes']} días"),
            ("Semanas netas", str(d["semanas_netas"])),
        ]
    hasta = _dia(d["hasta"], "mientras continúe la relación laboral")
    return [*hechos, ("Vigencia", ESTADOS.get(d["estado"], d["estado"])), ("Hasta", hasta)]


def _detalle_semanas(d: dict[str, Any]) -> list[Flowable]:
    resumen = [
        ("Días reconocidos (sin repetir los simultáneos)", str(d["dias_reconocidos"])),
        ("Semanas cotizadas (semanas completas)", str(d["semanas_cotizadas"])),
        ("Días restantes (menos de una semana)", str(d["dias_restantes"])),
        ("Días con dos o más patrones a la vez (contados una vez)", str(d["dias_traslapados"])),
        ("Semanas descontadas por retiro por desempleo (LSS 191)", str(d["semanas_descontadas"])),
        ("Semanas reintegradas", str(d["semanas_reintegradas"])),
        ("Semanas netas", str(d["semanas_netas"])),
    ]
    salida: list[Flowable] = [
        parrafo("Resumen", "seccion"),
        tabla(
            [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in resumen],
            (110 * mm, ANCHO_UTIL - 110 * mm),
        ),
        parrafo("Relaciones laborales", "seccion"),
    ]
    encabezado = ["Registro", "Patrón", "Alta", "Baja", "Último SBC", "Aus.", "Inc.", "Días"]
    filas = [[parrafo(t, "etiqueta") for t in encabezado]]
    for e in d["empleos"]:
        filas.append(
            [
                parrafo(e["registro_patronal"], "base"),
                parrafo(e["patron"], "base"),
                parrafo(e["alta"], "base"),
                parrafo(e["baja"] or "vigente", "base"),
                parrafo(f"$ {e['ultimo_sbc']}", "base"),
                parrafo(str(e["dias_ausentismo"]), "base"),
                parrafo(str(e["dias_incapacidad"]), "base"),
                parrafo(str(e["dias_reconocidos"]), "base"),
            ]
        )
    anchos = [22, 46, 20, 20, 22, 11, 11, 14]
    resto = ANCHO_UTIL - sum(anchos) * mm
    salida.append(tabla(filas, [a * mm + (resto if i == 1 else 0) for i, a in enumerate(anchos)]))
    if d["ajustes"]:
        salida.append(parrafo("Semanas descontadas y reintegradas", "seccion"))
        salida.append(
            tabla(
                [
                    (
                        parrafo(a["fecha"], "base"),
                        parrafo(a["tipo"], "base"),
                        parrafo(str(a["semanas"]), "base"),
                        parrafo(a["referencia"], "base"),
                    )
                    for a in d["ajustes"]
                ],
                (30 * mm, 35 * mm, 20 * mm, ANCHO_UTIL - 85 * mm),
            )
        )
    return salida


def _detalle_vigencia(d: dict[str, Any]) -> list[Flowable]:
    return [
        parrafo(f"Vigencia de derechos: {ESTADOS.get(d['estado'], d['estado'])}", "seccion"),
        parrafo(d["motivo"], "base"),
    ]


def _contenido(c: Constancia, url: str) -> list[Flowable]:
    ancho_hechos = ANCHO_UTIL - LADO_QR - 6 * mm
    ancho_etiqueta = 40 * mm
    hechos = tabla(
        [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in _hechos(c)],
        (ancho_etiqueta, ancho_hechos - ancho_etiqueta),
    )
    detalle = (
        _detalle_semanas(c.datos)
        if c.tipo == Constancia.Tipo.SEMANAS
        else _detalle_vigencia(c.datos)
    )
    acuse = c.acuse
    return [
        parrafo(AUTOR, "instituto"),
        parrafo(titulo(c.tipo), "titulo"),
        Spacer(1, 4),
        hechos_con_qr(hechos, ancho_hechos, url, "Escanee para verificar"),
        *detalle,
        parrafo("Fundamento", "seccion"),
        parrafo(FUNDAMENTO[c.tipo], "base"),
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


def maquetar(c: Constancia, url: str) -> bytes:
    """The unsigned layout (reproducible: same constancia and URL, same bytes)."""
    return maquetar_carta(
        _contenido(c, url),
        f"{titulo(c.tipo)} — folio {c.folio}",
        c.folio,
        c.emitida,
        asunto=f"{titulo(c.tipo)} {c.folio}",
        claves=["IMSS", "Buzón IMSS", titulo(c.tipo), c.folio],
        productor=PRODUCTOR_SELLADO,
        mostrar_titulo=True,
    )


def pdf_constancia(c: Constancia, url: str, sello: Sellador) -> bytes:
    """The constancia's PDF, PAdES-signed with `sello` (normally the active one)."""
    return firmar_pdf(maquetar(c, url), sello, c.folio)
