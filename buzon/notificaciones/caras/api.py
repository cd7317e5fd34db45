"""Notifications API for the particular (contract: GET /notificaciones, apertura, documento) and
the public estrados board. Officials' operations are in api_oficina.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import comprobar_desde
from buzon.comun.tipos_api import PATRON_DIA_OPCIONAL, Desde, Limite, errores, opcional
from buzon.cuentas import autenticacion
from buzon.evidencia import almacen
from buzon.evidencia.api import AcuseSalida, como_json
from buzon.legal.notificacion import NOTIFICADA
from buzon.legal.rfc import enmascarar_rfc
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones import selectors
from buzon.notificaciones.caras import filtros
from buzon.notificaciones.caras import presentacion as vista
from buzon.notificaciones.entrega.apertura import do_abrir
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.hechos import nombre_documento, situacion_de
from buzon.notificaciones.models import Notificacion

router = Router(tags=["notificaciones"])


class NotificacionSalida(Schema):
    id: int
    folio: str
    tipo: str
    tipo_nombre: str
    asunto: str
    registro_patronal: str | None
    estado: str
    aviso: datetime | None
    plazo_apertura: list[date]
    vence: datetime | None
    notificada: datetime | None
    medio: str | None
    abierta: datetime | None
    acuse: str | None
    tiene_hasta: str
    en_domicilio: datetime | None


class NotificacionesSalida(Schema):
    notificaciones: list[NotificacionSalida]
    total: int
    pendientes: int
    #: How many match the optional filters (equal to `total` without them).
    encontradas: int


class Busqueda(Schema):
    """Optional filters (caras/filtros.py): folio or part of it, the aviso's days in Zona
    Centro (AAAA-MM-DD, both included) and the state (pendiente, notificada, cancelada)."""

    folio: str = Field(
        "",
        description="El folio o parte de él",
        json_schema_extra={"maxLength": filtros.LARGO_FOLIO},
    )
    aviso_desde: str = opcional(PATRON_DIA_OPCIONAL, "AAAA-MM-DD (Zona Centro), incluido")
    aviso_hasta: str = opcional(PATRON_DIA_OPCIONAL, "AAAA-MM-DD (Zona Centro), incluido")
    estado: str = opcional(r"^\s*(?:pendiente|notificada|cancelada)?\s*$")


class Paginacion(Schema):
    limite: Limite = 100
    desde: Desde = 0


class AperturaSalida(Schema):
    notificada: datetime
    medio: str
    acuse: AcuseSalida


class EstradoSalida(Schema):
    folio: str
    rfc: str
    nombre: str
    tipo: str
    asunto: str
    publicada: date
    fin_publicacion: date
    notificada: datetime
    documento: str


def _rango(paginacion: Paginacion) -> tuple[int, int]:
    if not 1 <= paginacion.limite <= 500:
        raise ErrorNotificacion("limite_invalido", "«limite» va de 1 a 500.", "limite")
    return paginacion.limite, comprobar_desde(paginacion.desde)


@router.get(
    "/notificaciones",
    response={200: NotificacionesSalida, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis notificaciones: pendientes primero, con su plazo para abrir",
    openapi_extra=errores(
        e400=[
            "limite_invalido",
            "desde_invalido",
            "folio_invalido",
            "fecha_invalida",
            "rango_invalido",
            "estado_invalido",
        ],
        negocio=["rango_invalido"],
    ),
)
@acceso.particular
def lista(request: HttpRequest, paginacion: Query[Paginacion], busqueda: Query[Busqueda]) -> Any:
    sesion = autenticacion.sesion_de(request)
    ahora = timezone.now()
    limite, desde = _rango(paginacion)
    buscados = filtros.leer(busqueda.dict())
    calendarios, actos = vista.Calendarios(), vista.nombres_de_actos()
    total, pendientes = selectors.total_particular(sesion.rfc, ahora)
    if buscados.activos:
        consulta = filtros.aplicar(sesion.rfc, buscados, ahora)
        encontradas = consulta.count()
        pagina = list(consulta[desde : desde + limite])
    else:
        encontradas = total
        pagina = selectors.pagina_particular(sesion.rfc, ahora, limite, desde)
    return {
        "notificaciones": [vista.para_particular(n, ahora, calendarios, actos) for n in pagina],
        "total": total,
        "pendientes": pendientes,
        "encontradas": encontradas,
    }


@router.get(
    "/notificaciones/{notificacion_id}",
    response={200: NotificacionSalida, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Una de mis notificaciones",
    openapi_extra=errores(e404=["no_encontrada"]),
)
@acceso.particular
def detalle(request: HttpRequest, notificacion_id: int) -> Any:
    sesion = autenticacion.sesion_de(request)
    ahora = timezone.now()
    n = selectors.access_notificacion_particular(sesion.rfc, notificacion_id, ahora)
    return vista.para_particular(n, ahora, vista.Calendarios(), vista.nombres_de_actos())


@router.post(
    "/notificaciones/{notificacion_id}/apertura",
    response={200: AperturaSalida, 404: RespuestaError, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Abre la notificación: acuse «notificacion» (idempotente)",
    openapi_extra=errores(e404=["no_encontrada"], e409=["cancelada"]),
)
@acceso.particular
def apertura(request: HttpRequest, notificacion_id: int) -> Any:
    sesion = autenticacion.sesion_de(request)
    abierta = do_abrir(notificacion_id, sesion.rfc)
    n = abierta.notificacion
    assert n.notificada is not None
    return {
        "notificada": n.notificada.astimezone(ZONA_CENTRO),
        "medio": n.medio,
        "acuse": como_json(abierta.acuse),
    }


def respuesta_pdf(datos: bytes, nombre: str) -> HttpResponse:
    respuesta = HttpResponse(datos, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta


def documento_de(n: Notificacion) -> HttpResponse:
    if n.depurada is not None:
        raise ErrorNotificacion(
            "depurado",
            "El documento se eliminó al vencer su plazo de conservación de cinco años "
            "(6.1, 7.7); su acuse sigue disponible.",
            "id",
            410,
        )
    return respuesta_pdf(almacen.leer(n.documento_sha256), nombre_documento(n))


@router.get(
    "/notificaciones/{notificacion_id}/documento",
    response={200: None, 404: RespuestaError, 409: RespuestaError, 410: RespuestaError},
    auth=autenticacion.particular,
    summary="El documento exacto que firmó el servidor público (tras abrirla o notificarse)",
    openapi_extra=errores(e404=["no_encontrada"], e409=["no_abierta"], e410=["depurado"]),
)
@acceso.particular
def documento(request: HttpRequest, notificacion_id: int) -> Any:
    sesion = autenticacion.sesion_de(request)
    ahora = timezone.now()
    n = selectors.access_notificacion_particular(sesion.rfc, notificacion_id, ahora)
    if n.abierta is None and situacion_de(n, ahora).estado != NOTIFICADA:
        raise ErrorNotificacion(
            "no_abierta",
            "Abra primero la notificación (POST /notificaciones/{id}/apertura): al abrirla "
            "recibe su acuse y queda notificada conforme al numeral 7.2.",
            "id",
            409,
        )
    return documento_de(n)


@router.get(
    "/estrados",
    response=list[EstradoSalida],
    auth=None,
    summary="Estrados electrónicos: documentos publicados (CFF 139), sin sesión",
)
@acceso.publico
def estrados(request: HttpRequest) -> list[dict[str, Any]]:
    ahora = timezone.now()
    return [publicacion(n) for n in selectors.en_estrados(ahora)[:1000]]


def publicacion(n: Notificacion) -> dict[str, Any]:
    assert n.estrados_publicada and n.estrados_fin and n.estrados_notificada
    return {
        "folio": n.folio,
        "rfc": enmascarar_rfc(n.rfc),
        "nombre": n.nombre,
        "tipo": n.tipo,
        "asunto": n.asunto,
        "publicada": n.estrados_publicada,
        "fin_publicacion": n.estrados_fin,
        "notificada": n.estrados_notificada.astimezone(ZONA_CENTRO),
        "documento": f"/api/v1/estrados/{n.folio}/documento",
    }


@router.get(
    "/estrados/{folio}/documento",
    response={200: None, 404: RespuestaError},
    auth=None,
    summary="El documento publicado en estrados, mientras dura su publicación",
)
@acceso.publico
def estrado_documento(request: HttpRequest, folio: str) -> Any:
    n = selectors.access_estrados(folio, timezone.now())
    respuesta = respuesta_pdf(almacen.leer(n.documento_sha256), f"estrados-{n.folio}.pdf")
    # Published whole, as CFF 139 asks, for its ten días only: not for search engines [I-88].
    respuesta["X-Robots-Tag"] = "noindex, noarchive"
    return respuesta
