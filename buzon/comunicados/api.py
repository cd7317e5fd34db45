"""Mis comunicados (numeral 8; relación 5): the particular's API. GET never writes: opening a
comunicado marks it read only through `POST /comunicados/{id}/lectura` [I-101]. The officials'
operations are `api_oficina`'s, mounted on this router under /oficina."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import comprobar_desde
from buzon.comun.tipos_api import Desde, Limite, errores
from buzon.comunicados import api_oficina, presentacion, selectors
from buzon.comunicados.errores import ErrorComunicado
from buzon.comunicados.servicios import do_marcar_leido
from buzon.cuentas import autenticacion

router = Router(tags=["comunicados"])


class ComunicadoResumen(Schema):
    id: int
    titulo: str
    estado: str = Field(description="publicado | retirado | vencido")
    publicado: datetime
    vigente_hasta: datetime | None
    leido: bool
    leido_en: datetime | None
    efectos_legales: bool = Field(description="Siempre false: un comunicado no notifica nada")
    leyenda: str


class AdjuntoComunicado(Schema):
    numero: int
    nombre: str
    tamano: int


class ComunicadoDetalle(ComunicadoResumen):
    formato: str = Field(description="texto | markdown")
    cuerpo: str | None = Field(description="El texto; null si el Instituto lo retiró")
    retirado_en: datetime | None
    aviso_retiro: str | None
    adjuntos: list[AdjuntoComunicado]


class MisComunicados(Schema):
    total: int
    sin_leer: int
    comunicados: list[ComunicadoResumen]


class PaginacionComunicados(Schema):
    limite: Limite = 100
    desde: Desde = 0


@router.get(
    "/comunicados",
    response={200: MisComunicados, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis comunicados: los más recientes primero, con cuántos no he leído",
    description="Informativos, sin efectos legales; nunca se mezclan con las notificaciones.",
    openapi_extra=errores(e400=["limite_invalido", "desde_invalido"]),
)
@acceso.particular
def lista(request: HttpRequest, paginacion: Query[PaginacionComunicados]) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    if not 1 <= paginacion.limite <= 500:
        raise ErrorComunicado("limite_invalido", "«limite» va de 1 a 500.", "limite")
    desde = comprobar_desde(paginacion.desde)
    ahora = timezone.now()
    filas = list(selectors.de_particular(rfc, ahora)[desde : desde + paginacion.limite])
    return {
        "total": selectors.de_particular(rfc, ahora).count(),
        "sin_leer": selectors.sin_leer(rfc, ahora),
        "comunicados": [presentacion.para_particular(d, ahora, completo=False) for d in filas],
    }


@router.get(
    "/comunicados/{comunicado_id}",
    response={200: ComunicadoDetalle, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Un comunicado (no lo marca como leído: eso es POST …/lectura)",
)
@acceso.particular
def detalle(request: HttpRequest, comunicado_id: int) -> Any:
    ahora = timezone.now()
    rfc = autenticacion.sesion_de(request).rfc
    d = selectors.access_destinatario(rfc, comunicado_id, ahora)
    return presentacion.para_particular(d, ahora, completo=True)


@router.post(
    "/comunicados/{comunicado_id}/lectura",
    response={200: ComunicadoDetalle, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Marca el comunicado como leído (la primera vez; después no cambia nada)",
)
@acceso.particular
def lectura(request: HttpRequest, comunicado_id: int) -> Any:
    ahora = timezone.now()
    rfc = autenticacion.sesion_de(request).rfc
    d = do_marcar_leido(selectors.access_destinatario(rfc, comunicado_id, ahora))
    return presentacion.para_particular(d, ahora, completo=True)


@router.get(
    "/comunicados/{comunicado_id}/adjuntos/{numero}",
    response={200: None, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Un PDF adjunto del comunicado",
)
@acceso.particular
def adjunto(request: HttpRequest, comunicado_id: int, numero: int) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    a = selectors.access_adjunto(rfc, comunicado_id, numero, timezone.now())
    return presentacion.respuesta_pdf(a)


router.add_router("/oficina", api_oficina.router)
