"""Prima de riesgos de trabajo (LSS 71–74; relación 10.3, 10.4): the particular's API.

`GET /riesgos/terminados?registro_patronal=&anio=`: its riesgos terminated in the year (10.3);
`GET /riesgos/determinacion?registro_patronal=&anio=&sistema_seguridad=`: the pre-computed
determination with every number (10.4). Filing it is the actuación `determinacion-prima-rt`
(pages `/riesgos/…`, signed in the browser).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import errores
from buzon.cuentas import autenticacion
from buzon.riesgos import presentacion, selectors

router = Router(tags=["prima de riesgos de trabajo"])

PATRON_REGISTRO = r"^[A-Za-z0-9][0-9 -]{9,14}$"


class ConsultaRiesgos(Schema):
    registro_patronal: str = Field(
        description="Uno de sus registros patronales (11 caracteres; guiones y espacios se "
        "ignoran); otro o uno inexistente: 404",
        max_length=15,
        pattern=PATRON_REGISTRO,
        examples=["Y5412345108"],
    )
    anio: int = Field(
        description="Año de la siniestralidad (1 de enero a 31 de diciembre)",
        json_schema_extra={"minimum": selectors.ANIO_MINIMO, "maximum": selectors.ANIO_MAXIMO},
    )


class ConsultaDeterminacionPrima(ConsultaRiesgos):
    sistema_seguridad: bool = Field(
        False,
        description="Cuenta con un sistema de administración y seguridad en el trabajo "
        "acreditado por la STPS (F = 2.2, LSS 72)",
    )


class RiesgoTerminadoSalida(Schema):
    nss: str
    tipo: str = Field(description="accidente | enfermedad (en trayecto no cuenta, LSS 72)")
    tipo_legible: str
    fecha_termino: str
    dias_subsidiados: int
    porcentaje_incapacidad: str
    defuncion: bool


class RiesgosTerminadosSalida(Schema):
    registro_patronal: str
    anio: int
    riesgos: list[RiesgoTerminadoSalida]


class PeriodoSiniestralidad(Schema):
    inicio: str
    fin: str


class VigenciaPrima(Schema):
    desde: str
    hasta: str


class DeterminacionPrimaSalida(Schema):
    registro_patronal: str
    anio: int
    periodo: PeriodoSiniestralidad
    vigencia: VigenciaPrima = Field(description="1 de marzo siguiente al último día de febrero")
    casos: int
    S: int = Field(description="Días subsidiados por incapacidad temporal")
    suma_porcentajes_incapacidad: str
    I: str = Field(description="Suma de los porcentajes de incapacidad permanente ÷ 100")  # noqa: E741
    D: int = Field(description="Defunciones")
    dias_cotizados: int = Field(description="Días cotizados en riesgos de trabajo en el año")
    trabajadores_con_dias: int
    trabajadores_por_aclarar: int
    V: int
    M: str
    sistema_seguridad: bool
    F: str
    formula: str
    prima_anterior: str | None
    origen_prima_anterior: str | None = Field(description="registrada | media (LSS 73)")
    clase: str | None
    N: str | None = Field(description="Trabajadores promedio expuestos: días cotizados ÷ 365")
    prima_calculada: str | None
    prima: str | None
    limite: str | None = Field(description="incremento | decremento | minima | maxima | null")
    limites_aplicados: list[str]
    debe_presentar: bool
    impedimento: str | None


@router.get(
    "/riesgos/terminados",
    response={200: RiesgosTerminadosSalida, 400: RespuestaError, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis riesgos de trabajo terminados en el año, por registro patronal (relación 10.3)",
    openapi_extra=errores(e404=["no_encontrado"]),
)
@acceso.particular
def terminados(request: HttpRequest, consulta: Query[ConsultaRiesgos]) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    registro = selectors.access_registro(rfc, consulta.registro_patronal)
    anio = selectors.leer_anio(consulta.anio)
    return presentacion.terminados(registro.registro, anio, selectors.terminados(registro, anio))


@router.get(
    "/riesgos/determinacion",
    response={200: DeterminacionPrimaSalida, 400: RespuestaError, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="La determinación de la prima precalculada, con cada número (relación 10.4)",
    description="S, I, D y los días cotizados salen de los riesgos terminados y de los "
    "movimientos afiliatorios que tiene el Instituto; N = días ÷ 365; la prima calculada "
    "(cinco decimales, redondeo hacia arriba desde la mitad) y la que aplica tras los límites "
    "del artículo 74. Nada se guarda.",
    openapi_extra=errores(e404=["no_encontrado"]),
)
@acceso.particular
def determinacion(request: HttpRequest, consulta: Query[ConsultaDeterminacionPrima]) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    registro = selectors.access_registro(rfc, consulta.registro_patronal)
    anio = selectors.leer_anio(consulta.anio)
    return presentacion.determinacion(selectors.calculo(registro, anio, consulta.sistema_seguridad))
