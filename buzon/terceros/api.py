"""Autorizaciones a terceros API (relación 9.1, 9.3, 9.6; contract): POST /autorizaciones,
POST /autorizaciones/{id}/firma, POST /autorizaciones/{id}/revocacion, GET /autorizaciones,
GET /autorizaciones/recibidas. Only the session's RFC: a holder reaches only its own grants."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import PATRON_DIA_OPCIONAL, Base64, RfcDocumentado, errores
from buzon.cuentas import autenticacion
from buzon.evidencia.api import como_json
from buzon.terceros import salidas, selectors, servicios
from buzon.terceros.errores import ErrorAutorizacion
from buzon.terceros.models import Alcance

router = Router(tags=["autorizaciones"])

_ERRORES = {400: RespuestaError, 404: RespuestaError, 409: RespuestaError}


class AutorizacionEntrada(Schema):
    tercero: RfcDocumentado | None = Field(
        None, description="RFC autorizado; para «publicacion» se omite (es el IMSS)"
    )
    alcance: str = Field(
        description="opinion, emisiones o publicacion",
        json_schema_extra={"pattern": "^(opinion|emisiones|publicacion)$"},
    )
    vence: str | None = Field(
        None,
        json_schema_extra={"pattern": PATRON_DIA_OPCIONAL},
        description="AAAA-MM-DD: último día en que surte efectos (posterior a hoy); "
        "omitida: hasta que se revoque",
    )


class FirmaAutorizacionEntrada(Schema):
    firma: Base64 = Field(description="Firma de la cadena con la e.firma de la sesión (base64)")


class RevocacionEntrada(Schema):
    firma: Base64 | None = Field(
        None, description="Firma de la cadena de revocación (base64); omitida: se pide la cadena"
    )


class FiltroOtorgadas(Schema):
    alcance: str | None = Field(
        None,
        description="Solo las de ese alcance",
        json_schema_extra={"pattern": "^(opinion|emisiones|publicacion)?$"},
    )


class FiltroRecibidas(Schema):
    todas: bool = Field(False, description="1: también las revocadas y vencidas")


@router.post(
    "/autorizaciones",
    response={201: salidas.PorFirmarSalida, **_ERRORES},
    auth=autenticacion.particular,
    summary="Autoriza a un tercero (por firmar): revisa los datos y entrega la cadena",
    openapi_extra=errores(
        negocio=["tercero_invalido", "alcance_invalido", "vence_invalido"], e409=["ya_autorizado"]
    ),
    description="Paso 1 de 2: la autorización surte efectos al firmar su cadena "
    "(POST /autorizaciones/{id}/firma). Alcances: «opinion» (9.1), «emisiones» (9.6) y "
    "«publicacion» (9.3, al IMSS; sin «tercero»).",
)
@acceso.particular
def crear(request: HttpRequest, entrada: AutorizacionEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    fila = servicios.do_crear_autorizacion(
        titular=sesion.rfc,
        tercero=entrada.tercero,
        alcance=entrada.alcance,
        vence=servicios.fecha_de(entrada.vence),
    )
    return Status(201, {"id": fila.pk, "cadena": fila.cadena, "estado": selectors.POR_FIRMAR})


@router.post(
    "/autorizaciones/{autorizacion_id}/firma",
    response={201: salidas.FirmadaSalida, **_ERRORES},
    auth=autenticacion.particular,
    summary="Firma la autorización con la e.firma de la sesión y da su acuse",
    openapi_extra=errores(
        negocio=["firma_invalida"],
        e404=["no_encontrada"],
        e409=["ya_autorizado", "autorizacion_vencida"],
    ),
)
@acceso.particular
def firmar(request: HttpRequest, autorizacion_id: int, entrada: FirmaAutorizacionEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    hecha = servicios.do_firmar_autorizacion(
        titular=sesion.rfc,
        autorizacion_id=autorizacion_id,
        certificado_der=bytes(sesion.certificado_der),
        firma=entrada.firma,
    )
    estado = selectors.estado_de(hecha.autorizacion, timezone.now())
    return Status(
        201, {"id": hecha.autorizacion.pk, "estado": estado, "acuse": como_json(hecha.acuse)}
    )


@router.post(
    "/autorizaciones/{autorizacion_id}/revocacion",
    response={200: salidas.CadenaRevocacionSalida, 201: salidas.FirmadaSalida, **_ERRORES},
    auth=autenticacion.particular,
    summary="Revoca una autorización vigente, firmando la revocación",
    openapi_extra=errores(
        negocio=["firma_invalida"],
        e404=["no_encontrada"],
        e409=["no_firmada", "ya_revocada", "autorizacion_vencida", "revocacion_no_solicitada"],
    ),
    description="Dos pasos con el mismo recurso: el cuerpo `{}` entrega (200) la cadena de "
    'revocación, la misma hasta que se firme; el cuerpo `{"firma"}` (la e.firma de la sesión '
    "sobre esa cadena, bytes UTF-8) revoca la autorización y entrega (201) el acuse de "
    "revocación. Desde ese instante el tercero deja de estar autorizado.",
)
@acceso.particular
def revocar(request: HttpRequest, autorizacion_id: int, entrada: RevocacionEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    if entrada.firma is None:
        fila = servicios.do_solicitar_revocacion(
            titular=sesion.rfc, autorizacion_id=autorizacion_id
        )
        return Status(200, {"id": fila.pk, "cadena": fila.cadena_revocacion})
    hecha = servicios.do_revocar(
        titular=sesion.rfc,
        autorizacion_id=autorizacion_id,
        certificado_der=bytes(sesion.certificado_der),
        firma=entrada.firma,
    )
    estado = selectors.estado_de(hecha.autorizacion, timezone.now())
    return Status(
        201, {"id": hecha.autorizacion.pk, "estado": estado, "acuse": como_json(hecha.acuse)}
    )


@router.get(
    "/autorizaciones",
    response={200: salidas.AutorizacionesSalida, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Las autorizaciones que otorgué, de la más reciente (hasta 500)",
    openapi_extra=errores(e400=["alcance_invalido"]),
)
@acceso.particular
def otorgadas(request: HttpRequest, filtro: Query[FiltroOtorgadas]) -> dict[str, Any]:
    sesion = autenticacion.sesion_de(request)
    ahora = timezone.now()
    alcance = (filtro.alcance or "").strip()
    if alcance and alcance not in Alcance.values:
        raise ErrorAutorizacion(
            "alcance_invalido",
            f"El alcance «{alcance}» no existe: use opinion, emisiones o publicacion, u omítalo.",
            "alcance",
        )
    filas = selectors.otorgadas(sesion.rfc, alcance or None)[: selectors.LIMITE_LISTA]
    return {"autorizaciones": [salidas.otorgada(a, ahora) for a in filas]}


@router.get(
    "/autorizaciones/recibidas",
    response=salidas.RecibidasSalida,
    auth=autenticacion.particular,
    summary="Quién me autorizó: las vigentes (todas con ?todas=1), de la más reciente",
)
@acceso.particular
def recibidas(request: HttpRequest, filtro: Query[FiltroRecibidas]) -> dict[str, Any]:
    sesion = autenticacion.sesion_de(request)
    ahora = timezone.now()
    filas = selectors.recibidas(sesion.rfc, todas=filtro.todas)[: selectors.LIMITE_LISTA]
    return {"autorizaciones": [salidas.recibida(a, ahora) for a in filas]}
