"""Emisiones API. Particular (contract): GET /emisiones (own registros, paginated, newest first),
GET /emisiones/{id} (totals, workers, parameters), /pdf (sealed, rendered on request), /csv (the
worker detail), POST /emisiones/{id}/cotejo (multipart `archivo`: the employer's own figures).
Official: POST /oficina/emisiones `{"periodo"}` (role administrador) plans the period's run and
answers 202 with it; the background pass (`sistema.trabajo.una_pasada`) generates its chunks."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from buzon.comun import acceso
from buzon.comun.errores import ErrorBuzon, RespuestaError
from buzon.comun.tipos_api import Rfc, errores
from buzon.cuentas import autenticacion
from buzon.cuotas.emisiones import archivos, fuentes, generacion, presentacion, selectors
from buzon.cuotas.emisiones.archivos import MAXIMO_COTEJO
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["emisiones"])

_ANIO = r"(?:199[7-9]|20[0-9]{2}|2100)"
#: `leer_periodo`'s rule (buzon.legal.cuotas.periodos), surrounding spaces allowed.
PATRON_PERIODO = rf"^\s*{_ANIO}-(?:0[1-9]|1[0-2]|B[1-6])\s*$"


class Pagina(Schema):
    pagina: int = Field(1, json_schema_extra={"minimum": 1})
    tamano: int = Field(
        selectors.POR_PAGINA,
        json_schema_extra={"minimum": 1, "maximum": selectors.MAXIMO_POR_PAGINA},
    )
    rfc: Rfc | None = Field(
        None,
        description="RFC de otro titular que le autorizó a consultar sus emisiones "
        "(relación 9.5, 9.6); omitido: las suyas",
    )


class EmisionResumen(Schema):
    id: int
    folio: str
    tipo: str
    periodo: str
    registro_patronal: str
    generada: str
    trabajadores: int
    por_aclarar: int
    total_patron: str
    total_obrero: str
    total: str


class ListaSalida(Schema):
    emisiones: list[EmisionResumen]
    pagina: int
    siguiente: int | None


class DetalleSalida(EmisionResumen):
    rfc: str
    codigo_verificacion: str
    totales: dict[str, dict[str, str]]
    parametros: dict[str, Any]
    movimientos_por_aclarar: list[dict[str, str]]
    trabajadores_detalle: list[dict[str, Any]]


class CotejoSalida(Schema):
    coinciden: int
    diferencias: list[dict[str, Any]]
    solo_en_archivo: list[str]
    solo_en_emision: list[str]
    errores: list[dict[str, Any]]


class GenerarEntrada(Schema):
    periodo: str = Field(
        description="AAAA-MM (mensual, EMA) o AAAA-Bn, n = 1 a 6 (bimestral, EBA), de 1997 a 2100",
        json_schema_extra={"pattern": PATRON_PERIODO},
    )


class CorridaSalida(Schema):
    id: int
    periodo: str
    tipo: str
    estado: str
    bloques: int
    bloques_hechos: int
    registros: int
    emisiones: int
    trabajadores: int
    por_aclarar: int


@router.get(
    "/emisiones",
    response={200: ListaSalida, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis emisiones (propuestas de cédulas de determinación), de la más reciente",
    openapi_extra=errores(
        negocio=["rfc_invalido"],
        e400=["pagina_invalida", "tamano_invalido"],
        e403=["no_autorizado"],
    ),
    description="Con `?rfc=TITULAR`, las de ese titular si le autorizó a consultar sus "
    "emisiones (autorización vigente con alcance «emisiones»); si no, 403 `no_autorizado`. "
    "Las rutas `/emisiones/{id}…` sirven igual la emisión de un titular que le autorizó.",
)
@acceso.particular
def lista(request: HttpRequest, filtro: Query[Pagina]) -> Any:
    rfc = selectors.titular_consultable(autenticacion.sesion_de(request).rfc, filtro.rfc)
    filas, hay_mas = selectors.pagina(rfc, filtro.pagina, filtro.tamano)
    return {
        "emisiones": [presentacion.resumen(e) for e in filas],
        "pagina": filtro.pagina,
        "siguiente": filtro.pagina + 1 if hay_mas else None,
    }


@router.get(
    "/emisiones/{emision_id}",
    response={200: DetalleSalida, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Una de mis emisiones (o de quien me autorizó): totales, trabajadores, parámetros "
    "y movimientos por aclarar",
)
@acceso.particular
def detalle(request: HttpRequest, emision_id: int) -> Any:
    e = selectors.access_emision_consultable(autenticacion.sesion_de(request).rfc, emision_id)
    filas = selectors.trabajadores_de(e)
    return presentacion.detalle(e, filas, fuentes.nombres_de([f.nss for f in filas]))


@router.get(
    "/emisiones/{emision_id}/pdf",
    response={200: None, 404: RespuestaError, 503: RespuestaError},
    auth=autenticacion.particular,
    summary="Descarga el PDF sellado de una de mis emisiones (con QR de verificación)",
)
@acceso.particular
def pdf(request: HttpRequest, emision_id: int) -> HttpResponse:
    e = selectors.access_emision_consultable(autenticacion.sesion_de(request).rfc, emision_id)
    return presentacion.respuesta_pdf(e)


@router.get(
    "/emisiones/{emision_id}/csv",
    response={200: None, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Descarga el detalle por trabajador de una de mis emisiones (CSV UTF-8)",
)
@acceso.particular
def csv(request: HttpRequest, emision_id: int) -> StreamingHttpResponse:
    e = selectors.access_emision_consultable(autenticacion.sesion_de(request).rfc, emision_id)
    return presentacion.respuesta_csv(e)


@router.post(
    "/emisiones/{emision_id}/cotejo",
    response={200: CotejoSalida, 400: RespuestaError, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Coteja sus importes por trabajador (CSV: nss y columnas de importes) con la emisión",
    openapi_extra=errores(negocio=["archivo_grande", "archivo_invalido"]),
)
@acceso.particular
def cotejo(request: HttpRequest, emision_id: int, archivo: File[UploadedFile]) -> Any:
    e = selectors.access_emision_consultable(autenticacion.sesion_de(request).rfc, emision_id)
    if archivo.size is None or archivo.size > MAXIMO_COTEJO:
        raise ErrorBuzon("archivo_grande", "El archivo pasa de 5 MB.", "archivo", 400)
    resultado = archivos.cotejar(e, selectors.trabajadores_de(e), archivo.read())
    return resultado.__dict__


def _administrador(request: HttpRequest) -> Oficial:
    oficial = oficial_activo(autenticacion.sesion_de(request).rfc)
    if oficial is None or oficial.rol != Oficial.Rol.ADMINISTRADOR:
        raise ErrorBuzon(
            "no_autorizado",
            "Generar las emisiones corresponde a un administrador activo: pida el rol.",
            None,
            403,
        )
    return oficial


@router.post(
    "/oficina/emisiones",
    response={202: CorridaSalida, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Pide la generación de las emisiones de un periodo (se generan en segundo plano)",
    openapi_extra=errores(e400=["periodo_invalido"], e403=["no_autorizado"]),
    description=(
        "Planea la generación del periodo (sus bloques de registros patronales) y responde 202 "
        "con su número y avance; el trabajo en segundo plano genera y publica los bloques "
        "pendientes. Pedir otra vez un periodo ya planeado devuelve la misma generación, con su "
        "avance (`estado` `en_curso` o `terminada`, `bloques_hechos` de `bloques`)."
    ),
    tags=["oficina: emisiones"],
)
@acceso.oficial
def generar(request: HttpRequest, entrada: GenerarEntrada) -> Any:
    oficial = _administrador(request)
    corrida = generacion.do_planear_emision(entrada.periodo, por=oficial.rfc)
    return Status(202, presentacion.corrida(corrida) | {"id": corrida.pk})
