"""Public calendar API: what days are inhábiles, so integrators can count plazos like we do."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import JsonValue

from buzon.calendario.selectors import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    dias_inhabiles_del_anio,
    exportar_calendario,
)
from buzon.comun import acceso
from buzon.comun.errores import RespuestaError, desde_legal
from buzon.comun.tipos_api import errores
from buzon.legal.calendario import ENTIDADES
from buzon.legal.errores import ErrorLegal

router = Router(tags=["calendario"])


class ConsultaDias(Schema):
    anio: int = Field(json_schema_extra={"minimum": ANIO_MINIMO, "maximum": ANIO_MAXIMO})
    entidad: str | None = Field(
        None,
        description="Clave ISO 3166-2:MX sin «MX-» (ej. CMX)",
        json_schema_extra={"enum": list[JsonValue](sorted(ENTIDADES))},
    )
    subdelegacion: str | None = None


class DiaInhabilSalida(Schema):
    fecha: date
    origen: str
    motivo: str


class DiasInhabilesSalida(Schema):
    anio: int
    entidad: str | None
    subdelegacion: str | None
    dias_inhabiles: list[DiaInhabilSalida]


@router.get(
    "/dias-inhabiles",
    response={200: DiasInhabilesSalida, 400: RespuestaError},
    summary="Días inhábiles de un año (CFF art. 12 y los declarados), sin sábados ni domingos",
    openapi_extra=errores(e400=["consulta_invalida"]),
)
@acceso.publico
def dias_inhabiles(request: HttpRequest, consulta: Query[ConsultaDias]) -> Any:
    anio, entidad, subdelegacion = consulta.anio, consulta.entidad, consulta.subdelegacion
    try:
        dias = dias_inhabiles_del_anio(anio, entidad, subdelegacion)
    except ErrorLegal as exc:
        raise desde_legal("consulta_invalida", exc) from exc
    return {
        "anio": anio,
        "entidad": entidad,
        "subdelegacion": subdelegacion,
        "dias_inhabiles": [d.__dict__ for d in dias],
    }


@router.get(
    "/exportacion",
    response={200: dict[str, Any]},
    summary="Días inhábiles declarados vigentes, en el formato de importación",
)
@acceso.publico
def exportacion(request: HttpRequest) -> dict[str, Any]:
    return exportar_calendario()
