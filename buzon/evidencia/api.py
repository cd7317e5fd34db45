"""The particular's own acuses (contract: /acuses, /acuses/{folio}, /acuses/{folio}/pdf)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.cuentas import autenticacion
from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import access_acuse, acuses_de, url_verificacion
from buzon.legal.zonas import ZONA_CENTRO

router = Router(tags=["acuses"])


class AcuseSalida(Schema):
    folio: str
    tipo: str
    rfc: str
    registro_patronal: str | None
    emitido: datetime
    instante_legal: datetime | None
    cadena_original: str
    sello: str
    certificado_sello: str
    verificacion: str
    documentos: list[dict[str, str]]


class AcusesSalida(Schema):
    acuses: list[AcuseSalida]


def como_json(acuse: Acuse) -> dict[str, Any]:
    return {
        "folio": acuse.folio,
        "tipo": acuse.tipo,
        "rfc": acuse.rfc,
        "registro_patronal": acuse.registro_patronal or None,
        "emitido": acuse.emitido.astimezone(ZONA_CENTRO),
        "instante_legal": acuse.instante_legal,
        "cadena_original": acuse.cadena_original,
        "sello": acuse.sello,
        "certificado_sello": acuse.certificado_sello_id,
        "verificacion": url_verificacion(acuse),
        "documentos": acuse.documentos,
    }


@router.get(
    "/acuses",
    response=AcusesSalida,
    auth=autenticacion.particular,
    summary="Mis acuses, del más reciente",
)
@acceso.particular
def lista(request: HttpRequest) -> dict[str, Any]:
    sesion = autenticacion.sesion_de(request)
    return {"acuses": [como_json(a) for a in acuses_de(sesion.rfc)[:500]]}


@router.get(
    "/acuses/{folio}",
    response={200: AcuseSalida, 404: RespuestaError},
    auth=autenticacion.particular,
)
@acceso.particular
def uno(request: HttpRequest, folio: str) -> Any:
    return como_json(access_acuse(autenticacion.sesion_de(request).rfc, folio))


@router.get(
    "/acuses/{folio}/pdf",
    response={200: None, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="El acuse en PDF, con QR, cadena y sello, firmado (PAdES) por el Instituto",
)
@acceso.particular
def pdf(request: HttpRequest, folio: str) -> Any:
    from buzon.evidencia.pdf import pdf_acuse
    from buzon.evidencia.sello import sellador_activo

    acuse = access_acuse(autenticacion.sesion_de(request).rfc, folio)
    # The acuse keeps its own sello; the PDF is signed by the seal in force today.
    contenido = pdf_acuse(acuse, url_verificacion(acuse), sellador_activo())
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="acuse-{acuse.folio}.pdf"'
    return respuesta
