"""How an opinión and a consultation are shown: the API's JSON, the pages' rows, the PDF download.
The API and the pages call these (one shape, one wording)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from buzon.evidencia.selectors import url_verificacion
from buzon.evidencia.sello import sellador_activo
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO
from buzon.opinion.models import Consulta, Opinion, Sentido, TipoConsultante
from buzon.opinion.pdf import SENTIDOS, pdf_opinion
from buzon.opinion.servicios import texto_vigencia


def como_json(o: Opinion) -> dict[str, Any]:
    return {
        "folio": o.folio,
        "sentido": o.sentido,
        "motivos": list(o.motivos),
        "emitida": o.emitida.astimezone(ZONA_CENTRO),
        "vigente_hasta": o.vigente_hasta,
        "verificacion": url_verificacion(o.acuse),
    }


def para_pagina(o: Opinion) -> dict[str, Any]:
    return como_json(o) | {
        "rfc": o.rfc,
        "sentido_legible": SENTIDOS.get(o.sentido, o.sentido),
        "positiva": o.sentido == Sentido.POSITIVA,
        "emitida_legible": instante_legible(o.emitida),
        "vigencia": texto_vigencia(o.emitida, o.vigente_hasta),
        "vigente_hasta_legible": fecha_legible(o.vigente_hasta),
    }


def quien(c: Consulta) -> str:
    """Who consulted, in words, for the holder."""
    if c.tipo == TipoConsultante.TITULAR:
        return "Usted"
    if c.tipo == TipoConsultante.TERCERO:
        return f"Tercero autorizado, RFC {c.consultante_rfc}"
    if c.tipo == TipoConsultante.CONVENIO:
        return f"Dependencia con convenio núm. {c.convenio}"
    red = f" desde la red {c.ip_enmascarada}" if c.ip_enmascarada else ""
    return f"Consulta pública{red}"


def consulta_json(c: Consulta) -> dict[str, Any]:
    return {
        "instante": c.instante.astimezone(ZONA_CENTRO),
        "tipo": c.tipo,
        "consultante": quien(c),
        "consultante_rfc": c.consultante_rfc or None,
        "convenio": c.convenio,
        "red": c.ip_enmascarada or None,
        "motivo": c.motivo,
        "folio": c.opinion.folio,
        "sentido": c.opinion.sentido,
    }


def consulta_para_pagina(c: Consulta) -> dict[str, Any]:
    return consulta_json(c) | {
        "instante_legible": instante_legible(c.instante),
        "sentido_legible": SENTIDOS.get(c.opinion.sentido, c.opinion.sentido),
    }


def respuesta_pdf(o: Opinion) -> HttpResponse:
    """The opinión's PDF as a download (the acuse keeps its sello; the PDF is signed by the seal
    in force today)."""
    contenido = pdf_opinion(o, url_verificacion(o.acuse), sellador_activo())
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="opinion-{o.folio}.pdf"'
    return respuesta
