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

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Spacer,
    TableStyle,
)

from buzon.evidencia.maqueta import (
    ANCHO_UTIL,
    FONDO_ETIQUETA,
    LADO_QR,
    MONO,
    MONO_CUERPO,
    PRODUCTOR_SELLADO,
    bloque_mono,
    hechos_con_qr,
    maquetar_carta,
    recuadro_aviso,
    tabla,
)
from buzon.evidencia.maqueta import AUTOR as AUTOR
from buzon.evidencia.maqueta import CodigoQR as CodigoQR
from buzon.evidencia.maqueta import parrafo as _p
from buzon.evidencia.maqueta import partir as partir
from buzon.evidencia.models import Acuse
from buzon.evidencia.pades import firmar_pdf as firmar_pdf
from buzon.evidencia.sello import Sellador
from buzon.evidencia.tipos import titulo
from buzon.legal.formato import fecha_legible as fecha_legible_dia
from buzon.legal.formato import instante_legible
from buzon.legal.zonas import ZONA_CENTRO_NOMBRE, zona
from buzon.oficina.models import Oficial

AVISO_PHISHING = (
    "Verifique la autenticidad de este documento escaneando el código QR o capturando el folio "
    "en el sitio oficial; el IMSS nunca le pedirá su contraseña ni su e.firma."
)

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

#: The facts that name an official by RFC: the PDF prints the official's name too.
CLAVES_DE_OFICIAL = ("emisor", "cancelada_por", "notificador")
_DIA = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANTE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")

# ------------------------------------------------------------------- text


def fecha_legible(instante: datetime, nombre_zona: str = ZONA_CENTRO_NOMBRE) -> str:
    """`20 de marzo de 2026, 09:30:00 h, Zona Centro (UTC-06:00)` in the named IANA zone."""
    return instante_legible(instante, zona(nombre_zona))


def etiqueta(clave: str) -> str:
    return ETIQUETAS.get(clave) or clave.replace("_", " ").capitalize()


def _fecha_o_instante(texto: str) -> str | None:
    """An ISO 8601 day or instant of the acuse's facts, written for people (an instant in the Zona
    Centro; one without offset is UTC, as the services store them); None for any other text."""
    if _DIA.fullmatch(texto):
        return fecha_legible_dia(date.fromisoformat(texto))
    if _INSTANTE.fullmatch(texto):
        instante = datetime.fromisoformat(texto.replace("Z", "+00:00"))
        if instante.tzinfo is None:
            instante = instante.replace(tzinfo=UTC)
        return fecha_legible(instante)
    return None


def valor_legible(valor: object) -> str:
    if valor is None or valor == "" or valor == []:
        return "—"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    if isinstance(valor, list | tuple):
        return "\n".join(valor_legible(v) for v in valor)
    if isinstance(valor, dict):
        return "\n".join(f"{etiqueta(str(k))}: {valor_legible(v)}" for k, v in valor.items())
    if isinstance(valor, str):
        return _fecha_o_instante(valor) or valor
    return str(valor)


def con_nombres(datos: dict[str, Any], nombres: dict[str, str]) -> dict[str, Any]:
    """The facts naming an official by RFC (`emisor`, `cancelada_por`, `notificador`), with the
    official's name before it: `María Gómez Álvarez (RFC GOMA800101AB6)`."""
    return {
        k: f"{nombres[v]} (RFC {v})" if k in CLAVES_DE_OFICIAL and v in nombres else v
        for k, v in datos.items()
    }


def nombres_de_oficiales(datos: dict[str, Any]) -> dict[str, str]:
    rfcs = {str(datos[k]) for k in CLAVES_DE_OFICIAL if datos.get(k)}
    if not rfcs:
        return {}
    return dict(Oficial.objects.filter(rfc__in=rfcs).values_list("rfc", "nombre"))


# ----------------------------------------------------------------- layout


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
    ancho_hash = pdfmetrics.stringWidth("0" * 64, MONO, MONO_CUERPO) + 8
    lista = tabla(filas, (ANCHO_UTIL - ancho_hash, ancho_hash))
    lista.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), FONDO_ETIQUETA)]))
    return [lista]


def _contenido(acuse: Acuse, url_verificacion: str, sello: Sellador) -> list[Flowable]:
    ancho_etiqueta = 44 * mm
    ancho_hechos = ANCHO_UTIL - LADO_QR - 6 * mm
    hechos = tabla(
        [(_p(k, "etiqueta"), _p(v, "base")) for k, v in _hechos(acuse)],
        (ancho_etiqueta, ancho_hechos - ancho_etiqueta),
    )
    cabecera = hechos_con_qr(hechos, ancho_hechos, url_verificacion, "Escanee para verificar")
    historia: list[Flowable] = [
        _p(AUTOR, "instituto"),
        _p(titulo(acuse.tipo), "titulo"),
        Spacer(1, 4),
        cabecera,
        _p("Documentos", "seccion"),
        *_documentos(acuse.documentos),
    ]
    datos = dict(acuse.datos or {})
    datos = con_nombres(datos, nombres_de_oficiales(datos))
    if datos:
        historia += [
            _p("Datos del acto", "seccion"),
            tabla(
                [
                    (_p(etiqueta(k), "etiqueta"), _p(valor_legible(datos[k]), "base"))
                    for k in sorted(datos)
                ],
                (ancho_etiqueta, ANCHO_UTIL - ancho_etiqueta),
            ),
        ]
    historia += [
        KeepTogether(
            [_p("Cadena original", "seccion"), bloque_mono(acuse.cadena_original, ANCHO_UTIL)]
        ),
        KeepTogether(
            [
                _p("Sello digital del IMSS (RSA PKCS#1 v1.5 con SHA-256, base64)", "seccion"),
                bloque_mono(acuse.sello, ANCHO_UTIL),
            ]
        ),
        _p("Certificado del sello", "seccion"),
        _p(f"No. de certificado: {acuse.certificado_sello_id}", "base"),
        _p("Verificación", "seccion"),
        bloque_mono(url_verificacion, ANCHO_UTIL),
        Spacer(1, 8),
        recuadro_aviso(AVISO_PHISHING),
    ]
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


def _maquetar(acuse: Acuse, url_verificacion: str, sello: Sellador) -> bytes:
    return maquetar_carta(
        _contenido(acuse, url_verificacion, sello),
        f"{titulo(acuse.tipo)} — folio {acuse.folio}",
        acuse.folio,
        acuse.emitido,
        asunto=f"{titulo(acuse.tipo)} {acuse.folio} para el RFC {acuse.rfc}",
        claves=["IMSS", "Buzón IMSS", "acuse", acuse.folio],
        productor=PRODUCTOR_SELLADO,
        mostrar_titulo=True,
    )


def pdf_sin_firma(acuse: Acuse, url_verificacion: str, sello: Sellador) -> bytes:
    """The acuse's layout before signing (reproducible: same acuse and URL, same bytes)."""
    return _maquetar(acuse, url_verificacion, sello)


def pdf_acuse(acuse: Acuse, url_verificacion: str, sello: Sellador) -> bytes:
    """The printable acuse, PAdES-signed with `sello`.

    `sello` is normally the active seal: an acuse sealed before a rotation keeps printing its
    original sello and certificate number, while the PDF signature is the current seal's.
    """
    return firmar_pdf(_maquetar(acuse, url_verificacion, sello), sello, acuse.folio)
