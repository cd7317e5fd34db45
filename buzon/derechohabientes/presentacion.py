"""How a constancia and the worker's linkage are shown: the API's JSON, the pages' rows and the
PDF download. The API and the pages call these (one shape, one wording)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse

from buzon.cuentas.models import Sesion
from buzon.derechohabientes.calculo import enmascarar_curp, enmascarar_nss
from buzon.derechohabientes.models import Constancia
from buzon.derechohabientes.pdf import ESTADOS, pdf_constancia
from buzon.derechohabientes.selectors import curp_de_sesion, vinculacion
from buzon.evidencia.selectors import url_verificacion
from buzon.evidencia.sello import sellador_activo
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO

NOMBRES_PDF: dict[str, str] = {
    Constancia.Tipo.SEMANAS: "semanas",
    Constancia.Tipo.VIGENCIA: "vigencia",
}


def quien_soy(sesion: Sesion) -> dict[str, Any]:
    """«Who I am»: NSS and CURP masked, and the linkage state with its explanation."""
    asegurado, error = vinculacion(sesion)
    curp = asegurado.curp if asegurado is not None else curp_de_sesion(sesion)
    return {
        "rfc": sesion.rfc,
        "nombre": asegurado.nombre if asegurado is not None else sesion.nombre,
        "curp": enmascarar_curp(curp) if curp else None,
        "nss": enmascarar_nss(asegurado.nss) if asegurado is not None else None,
        "vinculacion": "vinculado" if error is None else error.codigo,
        "mensaje": None if error is None else error.mensaje,
    }


def como_json(c: Constancia) -> dict[str, Any]:
    return {
        "folio": c.folio,
        "tipo": c.tipo,
        "emitida": c.emitida.astimezone(ZONA_CENTRO),
        "verificacion": url_verificacion(c.acuse),
        **c.datos,
    }


def para_pagina(c: Constancia) -> dict[str, Any]:
    d = c.datos
    extra: dict[str, Any] = {
        "emitida_legible": instante_legible(c.emitida),
        "corte_legible": fecha_legible(date.fromisoformat(d["fecha_corte"])),
    }
    if c.tipo == Constancia.Tipo.SEMANAS:
        extra["filas"] = [
            e
            | {
                "alta_dia": date.fromisoformat(e["alta"]),
                "baja_dia": date.fromisoformat(e["baja"]) if e["baja"] else None,
            }
            for e in d["empleos"]
        ]
    if c.tipo == Constancia.Tipo.VIGENCIA:
        extra["estado_legible"] = ESTADOS.get(d["estado"], d["estado"])
        extra["hasta_legible"] = fecha_legible(date.fromisoformat(d["hasta"])) if d["hasta"] else ""
    return como_json(c) | extra


def respuesta_pdf(c: Constancia) -> HttpResponse:
    contenido = pdf_constancia(c, url_verificacion(c.acuse), sellador_activo())
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    nombre = NOMBRES_PDF.get(c.tipo, "constancia")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}-{c.folio}.pdf"'
    return respuesta
