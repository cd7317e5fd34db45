"""Officials' notification API (perfil servidor_publico): issue (contract), list, timeline,
cancel, legal hold, batches, catalogue. The personal route's operations are `api_personal`."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import comprobar_desde
from buzon.comun.tipos_api import encabezado_obligatorio, errores
from buzon.cuentas import autenticacion
from buzon.cuentas.models import Sesion
from buzon.notificaciones import selectors
from buzon.notificaciones.caras import presentacion as vista
from buzon.notificaciones.caras.api import documento_de
from buzon.notificaciones.caras.entradas_oficina import (
    NEGOCIO_EMISION,
    NEGOCIO_LOTE,
    CancelacionEntrada,
    EmisionEntrada,
    FiltroOficina,
    LoteEntrada,
    RetencionEntrada,
)
from buzon.notificaciones.ciclo.cancelacion import do_cancelar
from buzon.notificaciones.ciclo.conservacion import do_retencion_legal
from buzon.notificaciones.emision.lotes import do_crear_lote
from buzon.notificaciones.emision.servicios import Solicitud, exigir_emisor
from buzon.notificaciones.entrega.despacho import do_emitir_y_avisar
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Lote, Notificacion, TipoActo
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["oficina: notificaciones"])


class EmisionSalida(Schema):
    id: int
    folio: str
    estado: str
    aviso: datetime | None
    aviso_programado: datetime | None
    ruta: str
    vence: datetime | None
    estrados_publicada: date | None
    estrados_fin: date | None


class EventoSalida(Schema):
    id: str
    tipo: str
    descripcion: str
    instante: datetime
    datos: dict[str, Any]


class CitatorioSalida(Schema):
    dejado: datetime
    cita: datetime
    con: str | None
    fijado_en_acceso: bool
    notificador: str


class DiligenciaSalida(Schema):
    instante: datetime
    surte_efectos: date | None = Field(description="CFF 135: el día hábil siguiente")
    con: str | None
    nombre: str | None
    se_nego_a_firmar: bool
    acta_sha256: str | None


class NotificacionOficina(Schema):
    id: int
    folio: str
    estado: str
    rfc: str
    registro_patronal: str | None
    nombre: str
    tipo: str
    asunto: str
    ruta: str
    emisor: str
    subdelegacion: str
    creada: datetime
    aviso: datetime | None
    vence: datetime | None
    aviso_programado: datetime | None
    aviso_despachado: datetime | None
    aviso_enviado: datetime | None
    acuse_aviso: str | None
    abierta: datetime | None
    notificada: datetime | None
    medio: str | None
    acuse: str | None
    estrados_publicada: date | None
    estrados_fin: date | None
    cancelada: datetime | None
    motivo_cancelacion: str | None
    acuse_cancelacion: str | None
    retencion_legal: bool
    depurada: datetime | None
    documento_sha256: str
    en_respuesta_a: int | None
    personal_elegida: datetime | None = None
    personal_elegida_por: str | None = None
    personal_motivo: str | None = None
    citatorio: CitatorioSalida | None = None
    diligencia: DiligenciaSalida | None = None


class NotificacionConEventos(NotificacionOficina):
    eventos: list[EventoSalida]


class ListaOficina(Schema):
    notificaciones: list[NotificacionOficina]


class ErrorLinea(Schema):
    linea: int
    error: str
    mensaje: str
    campo: str | None


class LoteSalida(Schema):
    id: int
    estado: str
    nombre_archivo: str
    total: int
    procesadas: int
    correctas: int
    con_error: int
    errores: list[ErrorLinea]


class ActoSalida(Schema):
    clave: str
    nombre: str
    fuente: str
    es_requerimiento: bool
    version: str


def oficial_de(request: HttpRequest) -> tuple[Sesion, Oficial]:
    """The session and the official behind it, who must be able to issue (exigir_emisor)."""
    sesion = autenticacion.sesion_de(request)
    return sesion, exigir_emisor(oficial_activo(sesion.rfc))


def con_eventos(n: Notificacion) -> dict[str, Any]:
    """The notification as officials read it, with its timeline."""
    return vista.para_oficina(n, timezone.now(), selectors.eventos_de(n))


def _salida_emision(n: Any) -> dict[str, Any]:
    datos = vista.para_oficina(n, timezone.now())
    return {
        k: datos[k]
        for k in (
            "id",
            "folio",
            "estado",
            "aviso",
            "aviso_programado",
            "ruta",
            "vence",
            "estrados_publicada",
            "estrados_fin",
        )
    }


@router.post(
    "/oficina/notificaciones",
    response={
        201: EmisionSalida,
        400: RespuestaError,
        401: RespuestaError,
        403: RespuestaError,
        413: RespuestaError,
        422: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Emite una notificación firmada (Idempotency-Key obligatorio)",
    openapi_extra={
        **errores(
            negocio=NEGOCIO_EMISION,
            e403=["sin_permiso"],
            e422=["idempotencia_conflicto"],
        ),
        **encabezado_obligatorio("Idempotency-Key", minLength=1, maxLength=200, pattern=r"\S"),
    },
)
@acceso.oficial
def emitir(
    request: HttpRequest,
    datos: EmisionEntrada,
    idempotency_key: str = Header("", alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Any:
    sesion, oficial = oficial_de(request)
    resultado = do_emitir_y_avisar(
        oficial,
        bytes(sesion.certificado_der),
        Solicitud(
            clave=idempotency_key,
            rfc=datos.rfc,
            registro_patronal=datos.registro_patronal or "",
            tipo=datos.tipo,
            asunto=datos.asunto,
            documento=datos.documento,
            firma=datos.firma,
            en_respuesta_a=datos.en_respuesta_a,
            ruta=datos.ruta or "",
        ),
    )
    n = resultado.notificacion
    assert n is not None
    return Status(201, _salida_emision(n))


@router.get(
    "/oficina/notificaciones",
    response={200: ListaOficina, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Notificaciones de mi subdelegación, por estado, RFC o folio",
    openapi_extra=errores(e400=["limite_invalido", "desde_invalido", "estado_invalido"]),
)
@acceso.oficial
def lista(request: HttpRequest, filtro: Query[FiltroOficina]) -> Any:
    ahora = timezone.now()
    _sesion, oficial = oficial_de(request)
    if not 1 <= filtro.limite <= 500:
        raise ErrorNotificacion("limite_invalido", "«limite» va de 1 a 500.", "limite")
    comprobar_desde(filtro.desde)
    consulta = selectors.de_la_oficina(oficial)
    if filtro.estado:
        consulta = consulta.filter(selectors.filtro_estado(filtro.estado, ahora))
    if filtro.rfc:
        consulta = consulta.filter(rfc=filtro.rfc.strip().upper())
    if filtro.folio:
        consulta = consulta.filter(folio=filtro.folio.strip().upper())
    pagina = consulta.order_by("-creada", "-id")[filtro.desde : filtro.desde + filtro.limite]
    return {"notificaciones": [vista.para_oficina(n, ahora) for n in pagina]}


@router.get(
    "/oficina/notificaciones/{notificacion_id}",
    response={200: NotificacionConEventos, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Una notificación con su línea de tiempo",
)
@acceso.oficial
def detalle(request: HttpRequest, notificacion_id: int) -> Any:
    _sesion, oficial = oficial_de(request)
    n = selectors.access_notificacion_oficial(oficial, notificacion_id)
    return con_eventos(n)


@router.get(
    "/oficina/notificaciones/{notificacion_id}/documento",
    response={200: None, 403: RespuestaError, 404: RespuestaError, 410: RespuestaError},
    auth=autenticacion.oficial,
    summary="El documento notificado",
    openapi_extra=errores(e410=["depurado"]),
)
@acceso.oficial
def documento(request: HttpRequest, notificacion_id: int) -> Any:
    _sesion, oficial = oficial_de(request)
    n = selectors.access_notificacion_oficial(oficial, notificacion_id)
    return documento_de(n)


@router.post(
    "/oficina/notificaciones/{notificacion_id}/cancelacion",
    response={
        200: NotificacionConEventos,
        400: RespuestaError,
        403: RespuestaError,
        404: RespuestaError,
        409: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Cancela una notificación antes de que surta efectos (supervisores)",
    openapi_extra=errores(
        e400=["motivo_invalido"], e403=["sin_permiso"], e409=["ya_cancelada", "ya_notificada"]
    ),
)
@acceso.oficial
def cancelar(request: HttpRequest, notificacion_id: int, datos: CancelacionEntrada) -> Any:
    _sesion, oficial = oficial_de(request)
    n = do_cancelar(oficial, notificacion_id, datos.motivo)
    return con_eventos(n)


@router.post(
    "/oficina/notificaciones/{notificacion_id}/retencion",
    response={
        200: NotificacionConEventos,
        400: RespuestaError,
        403: RespuestaError,
        404: RespuestaError,
        409: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Pone o levanta la retención legal (el documento no se depura)",
    openapi_extra=errores(e400=["motivo_invalido"], e403=["sin_permiso"], e409=["depurada"]),
)
@acceso.oficial
def retencion(request: HttpRequest, notificacion_id: int, datos: RetencionEntrada) -> Any:
    _sesion, oficial = oficial_de(request)
    n = do_retencion_legal(oficial, notificacion_id, retener=datos.retener, motivo=datos.motivo)
    return con_eventos(n)


def salida_lote(lote: Lote) -> dict[str, Any]:
    return {
        "id": lote.pk,
        "estado": lote.estado,
        "nombre_archivo": lote.nombre_archivo,
        "total": lote.total,
        "procesadas": lote.procesadas,
        "correctas": lote.correctas,
        "con_error": lote.procesadas - lote.correctas,
        "errores": lote.errores,
    }


@router.post(
    "/oficina/lotes",
    response={201: LoteSalida, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Sube un lote JSONL o CSV de notificaciones firmadas (se procesa en segundo plano)",
    openapi_extra=errores(
        negocio=NEGOCIO_LOTE,
        e400=["formato_invalido"],
    ),
)
@acceso.oficial
def crear_lote(request: HttpRequest, datos: LoteEntrada) -> Any:
    sesion, oficial = oficial_de(request)
    try:
        contenido = base64.b64decode(datos.contenido, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ErrorNotificacion(
            "archivo_invalido", "«contenido» debe ser el archivo en base64.", "contenido"
        ) from exc
    lote = do_crear_lote(oficial, bytes(sesion.certificado_der), datos.nombre_archivo, contenido)
    return Status(201, salida_lote(lote))


@router.get(
    "/oficina/lotes/{lote_id}",
    response={200: LoteSalida, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Avance de un lote: líneas procesadas, correctas y errores por línea",
)
@acceso.oficial
def ver_lote(request: HttpRequest, lote_id: int) -> Any:
    _sesion, oficial = oficial_de(request)
    lote = selectors.access_lote(oficial, lote_id)
    return salida_lote(lote)


@router.get(
    "/oficina/catalogo",
    response=list[ActoSalida],
    auth=autenticacion.oficial,
    summary="Catálogo de actos notificables (relación de trámites, numeral 7, y posteriores)",
)
@acceso.oficial
def catalogo(request: HttpRequest) -> Any:
    return list(
        TipoActo.objects.filter(activo=True)
        .order_by("id")
        .values("clave", "nombre", "fuente", "es_requerimiento", "version")
    )
