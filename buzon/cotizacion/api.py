"""Reporte Personalizado de Cotización API, for the worker of the session (its asegurado by the
CURP of its e.firma): subscribe, cancel, the reports by period. The denuncia is filed with the
actuaciones endpoints (`POST /actuaciones` with `"tramite": "denuncia-patron"`, then its
signature): see docs/cotizacion.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import errores
from buzon.cotizacion import selectors, servicios
from buzon.cotizacion.denuncia import CLAVE_TRAMITE
from buzon.cuentas import autenticacion
from buzon.derechohabientes.selectors import access_asegurado

router = Router(tags=["reporte de cotización"])

#: The asegurado linkage failures (derechohabientes.access_asegurado).
SIN_ASEGURADO = ["sin_curp", "sin_asegurado", "curp_con_varios_nss"]
Periodo = Annotated[
    str,
    Field(
        description="Mes AAAA-MM (de 1990 en adelante)",
        examples=["2026-04"],
        json_schema_extra={"pattern": r"^(199[0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$"},
    ),
]


class SuscripcionSalida(Schema):
    suscrita: bool
    desde: datetime | None = Field(description="Cuándo se suscribió (si está suscrita)")
    nss: str = Field(description="El NSS del trabajador de la sesión")


class ReporteResumen(Schema):
    periodo: str
    generado: datetime
    renglones: int = Field(description="Cuántos registros patronales reportaron días")
    alertas: int


class ReportesSalida(Schema):
    suscripcion: SuscripcionSalida
    reportes: list[ReporteResumen]


class RenglonSalida(Schema):
    registro_patronal: str
    patron: str
    dias_cotizados: int = Field(description="Días vigentes menos ausentismos (incapacidad cuenta)")
    dias_vigentes: int
    sbc: str = Field(description="Salario base de cotización diario al cierre, en pesos")
    vigente_al_cierre: bool


class AlertaSalida(Schema):
    tipo: str = Field(description="alta | baja | salario")
    registro_patronal: str
    fecha: date
    sbc_anterior: str | None
    sbc: str | None
    mensaje: str


class ReporteSalida(Schema):
    periodo: str
    generado: datetime
    renglones: list[RenglonSalida]
    alertas: list[AlertaSalida]
    tramite_denuncia: str = Field(
        description="La clave del trámite de la denuncia (POST /actuaciones), con «datos» "
        "tipo, registro_patronal, periodo_desde, periodo_hasta y descripcion"
    )


def _suscripcion(request: HttpRequest) -> dict[str, Any]:
    asegurado = access_asegurado(autenticacion.sesion_de(request))
    fila = selectors.suscripcion_de(asegurado)
    activa = fila is not None and fila.cancelada_en is None
    return {
        "suscrita": activa,
        "desde": fila.suscrita_en if fila is not None and activa else None,
        "nss": asegurado.nss,
    }


@router.post(
    "/cotizacion/suscripcion",
    response={200: SuscripcionSalida, 201: SuscripcionSalida, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Suscribirme al Reporte Personalizado de Cotización (mensual, buzón y correo)",
    description="201 al suscribirse; 200 si ya estaba suscrito. 404 si la e.firma de la sesión no "
    "lleva a un NSS (sin CURP propia, sin NSS o con varios).",
    openapi_extra=errores(e404=SIN_ASEGURADO),
)
@acceso.particular
def suscribir(request: HttpRequest) -> Any:
    _, nueva = servicios.do_suscribir(autenticacion.sesion_de(request))
    return Status(201 if nueva else 200, _suscripcion(request))


@router.delete(
    "/cotizacion/suscripcion",
    response={200: SuscripcionSalida, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Cancelar mi suscripción (los reportes ya generados se conservan)",
    openapi_extra=errores(e404=SIN_ASEGURADO),
)
@acceso.particular
def cancelar(request: HttpRequest) -> Any:
    servicios.do_cancelar(autenticacion.sesion_de(request))
    return _suscripcion(request)


@router.get(
    "/cotizacion/reportes",
    response={200: ReportesSalida, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis reportes de cotización, del más reciente al más antiguo (hasta 120 meses)",
    openapi_extra=errores(e404=SIN_ASEGURADO),
)
@acceso.particular
def reportes(request: HttpRequest) -> Any:
    asegurado = access_asegurado(autenticacion.sesion_de(request))
    return {
        "suscripcion": _suscripcion(request),
        "reportes": [
            {
                "periodo": selectors.periodo_de(r),
                "generado": r.generado,
                "renglones": r.renglones,
                "alertas": r.alertas,
            }
            for r in selectors.reportes_de(asegurado)
        ],
    }


@router.get(
    "/cotizacion/reportes/{periodo}",
    response={200: ReporteSalida, 400: RespuestaError, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Mi reporte de un mes: por registro patronal, días cotizados y SBC; las alertas",
    openapi_extra=errores(["periodo_invalido"], e404=[*SIN_ASEGURADO, "no_encontrado"]),
)
@acceso.particular
def reporte(request: HttpRequest, periodo: Periodo) -> Any:
    asegurado = access_asegurado(autenticacion.sesion_de(request))
    fila = selectors.access_reporte(asegurado, periodo)
    return selectors.como_json(fila) | {"tramite_denuncia": CLAVE_TRAMITE}
