"""The officials' API for comunicados: a comunicador writes and sends for approval; a supervisor
approves (the fan-out starts) or returns it; either withdraws it; all see its progress (targeted,
delivered, read) and timeline. Mounted by `api` at /oficina."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import Base64, errores, linea
from buzon.comunicados import difusion, presentacion, selectors
from buzon.comunicados.errores import ErrorComunicado
from buzon.comunicados.models import Comunicado
from buzon.comunicados.servicios import (
    LARGO_CUERPO,
    LARGO_MOTIVO,
    LARGO_TITULO,
    MAXIMO_ADJUNTOS,
    DatosComunicado,
    do_aprobar,
    do_crear_comunicado,
    do_devolver,
    do_enviar_a_aprobacion,
    do_retirar,
)
from buzon.cuentas import autenticacion
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["comunicados (oficina)"])

NEGOCIO_CREAR = [
    "titulo_invalido",
    "titulo_con_enlace",
    "cuerpo_invalido",
    "segmento_invalido",
    "valores_invalidos",
    "vigencia_invalida",
    "lista_invalida",
    "lista_vacia",
    "lista_larga",
    "lista_sin_segmento",
    "adjunto_no_pdf",
    "adjunto_grande",
    "adjunto_invalido",
    "demasiados_adjuntos",
]


def oficial_de(request: HttpRequest) -> Oficial:
    oficial = oficial_activo(autenticacion.sesion_de(request).rfc)
    if oficial is None:
        raise ErrorComunicado(
            "sin_permiso",
            "Solo un servidor público registrado y activo puede usar los comunicados.",
            None,
            403,
        )
    return oficial


class AdjuntoNuevo(Schema):
    nombre: str = Field(max_length=120, description="Nombre del archivo")
    contenido: Base64 = Field(description="El PDF en Base64")


class ComunicadoEntrada(Schema):
    titulo: linea(LARGO_TITULO, "Título, una línea sin enlaces")  # type: ignore[valid-type]
    cuerpo: str = Field(min_length=1, max_length=LARGO_CUERPO, pattern=r"\S")
    formato: str = Field("texto", pattern=r"^(texto|markdown)$")
    segmento: str = Field(pattern=r"^(todos|entidades|subdelegaciones|modalidades|lista)$")
    valores: list[str] = Field(default_factory=list, max_length=200)
    lista: str = Field("", description="CSV: un RFC o registro patronal por línea")
    vigente_desde: datetime | None = Field(None, description="Con zona horaria; omitido: ahora")
    vigente_hasta: datetime | None = Field(None, description="Con zona horaria; omitido: sin fin")
    adjuntos: list[AdjuntoNuevo] = Field(default_factory=list, max_length=MAXIMO_ADJUNTOS)


class MotivoComunicadoEntrada(Schema):
    motivo: linea(LARGO_MOTIVO, "Por qué")  # type: ignore[valid-type]


class AdjuntoComunicadoOficina(Schema):
    numero: int
    nombre: str
    tamano: int


class EventoComunicadoSalida(Schema):
    tipo: str
    instante: datetime
    por: str | None
    detalle: dict[str, Any]


class ComunicadoOficina(Schema):
    id: int
    titulo: str
    estado: str = Field(description="borrador | por_aprobar | publicado | retirado | vencido")
    subdelegacion: str
    autor: str
    segmento: str
    valores: list[str]
    creado_en: datetime
    vigente_desde: datetime
    vigente_hasta: datetime | None
    aprobado_por: str | None
    aprobado_en: datetime | None
    difusion: str = Field(description="sin_iniciar | en_curso | terminada")
    objetivo: int = Field(description="Patrones a los que va dirigido")
    entregados: int = Field(description="Ya visibles en su Mis comunicados")
    leidos: int
    avisos: int = Field(description="Correos y SMS de cortesía puestos en cola")


class ComunicadoOficinaDetalle(ComunicadoOficina):
    formato: str
    cuerpo: str
    motivo_retiro: str | None
    adjuntos: list[AdjuntoComunicadoOficina]
    eventos: list[EventoComunicadoSalida]


class ListaComunicadosOficina(Schema):
    comunicados: list[ComunicadoOficina]


def _aware(valor: datetime | None, campo: str) -> datetime | None:
    if valor is not None and (valor.tzinfo is None or valor.utcoffset() is None):
        raise ErrorComunicado(
            "vigencia_invalida", "Escriba la fecha y hora con su zona horaria.", campo
        )
    return valor


def _pdf(a: AdjuntoNuevo, i: int) -> tuple[str, bytes]:
    try:
        return a.nombre, base64.b64decode(a.contenido, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ErrorComunicado(
            "adjunto_invalido", f"El adjunto {i} no está en Base64.", "adjuntos"
        ) from exc


def _detalle(c: Comunicado) -> dict[str, Any]:
    return presentacion.para_oficina(c, timezone.now(), completo=True)


@router.post(
    "/comunicados",
    response={201: ComunicadoOficinaDetalle, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Escribe un comunicado (borrador) y a quién va dirigido (comunicadores)",
    description="Una lista con filas erróneas se rechaza completa: `errores` nombra cada línea.",
    openapi_extra=errores(negocio=NEGOCIO_CREAR, e403=["sin_permiso", "fuera_de_su_subdelegacion"]),
)
@acceso.oficial
def crear(request: HttpRequest, datos: ComunicadoEntrada) -> Any:
    oficial = oficial_de(request)
    c = do_crear_comunicado(
        oficial,
        DatosComunicado(
            titulo=datos.titulo,
            cuerpo=datos.cuerpo,
            formato=datos.formato,
            segmento=datos.segmento,
            valores=datos.valores,
            lista=datos.lista,
            vigente_desde=_aware(datos.vigente_desde, "vigente_desde"),
            vigente_hasta=_aware(datos.vigente_hasta, "vigente_hasta"),
            adjuntos=[_pdf(a, i) for i, a in enumerate(datos.adjuntos, start=1)],
        ),
    )
    return Status(201, _detalle(c))


@router.get(
    "/comunicados",
    response={200: ListaComunicadosOficina, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Los comunicados de mi subdelegación, con su avance",
)
@acceso.oficial
def lista(request: HttpRequest) -> Any:
    oficial, ahora = oficial_de(request), timezone.now()
    filas = selectors.de_la_oficina(oficial)[:200]
    return {"comunicados": [presentacion.para_oficina(c, ahora) for c in filas]}


@router.get(
    "/comunicados/{comunicado_id}",
    response={200: ComunicadoOficinaDetalle, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Un comunicado con su avance (dirigidos, entregados, leídos) y su línea de tiempo",
)
@acceso.oficial
def detalle(request: HttpRequest, comunicado_id: int) -> Any:
    return _detalle(selectors.access_comunicado_oficial(oficial_de(request), comunicado_id))


_CAMBIO = {
    200: ComunicadoOficinaDetalle,
    400: RespuestaError,
    403: RespuestaError,
    404: RespuestaError,
    409: RespuestaError,
}


@router.post(
    "/comunicados/{comunicado_id}/envio",
    response=_CAMBIO,
    auth=autenticacion.oficial,
    summary="Envía el borrador a aprobación (comunicadores)",
    openapi_extra=errores(e403=["sin_permiso"], e409=["estado_invalido"]),
)
@acceso.oficial
def envio(request: HttpRequest, comunicado_id: int) -> Any:
    return _detalle(do_enviar_a_aprobacion(oficial_de(request), comunicado_id))


@router.post(
    "/comunicados/{comunicado_id}/aprobacion",
    response=_CAMBIO,
    auth=autenticacion.oficial,
    summary="Aprueba y publica el comunicado; empieza su difusión (supervisores)",
    description="Hasta 5,000 destinatarios se difunde en la misma llamada; más, en el proceso "
    "de fondo (`buzon comunicados difundir`), con su avance en el detalle.",
    openapi_extra=errores(e403=["sin_permiso"], e409=["estado_invalido", "vencido"]),
)
@acceso.oficial
def aprobacion(request: HttpRequest, comunicado_id: int) -> Any:
    c = do_aprobar(oficial_de(request), comunicado_id)
    difusion.despues_de_aprobar(c.pk)
    c.refresh_from_db()
    return _detalle(c)


@router.post(
    "/comunicados/{comunicado_id}/devolucion",
    response=_CAMBIO,
    auth=autenticacion.oficial,
    summary="Devuelve el comunicado al comunicador, con el motivo (supervisores)",
    openapi_extra=errores(
        negocio=["motivo_invalido"], e403=["sin_permiso"], e409=["estado_invalido"]
    ),
)
@acceso.oficial
def devolucion(request: HttpRequest, comunicado_id: int, datos: MotivoComunicadoEntrada) -> Any:
    return _detalle(do_devolver(oficial_de(request), comunicado_id, datos.motivo))


@router.post(
    "/comunicados/{comunicado_id}/retiro",
    response=_CAMBIO,
    auth=autenticacion.oficial,
    summary="Retira el comunicado: se conserva, marcado como retirado",
    openapi_extra=errores(
        negocio=["motivo_invalido"], e403=["sin_permiso"], e409=["estado_invalido"]
    ),
)
@acceso.oficial
def retiro(request: HttpRequest, comunicado_id: int, datos: MotivoComunicadoEntrada) -> Any:
    return _detalle(do_retirar(oficial_de(request), comunicado_id, datos.motivo))


@router.get(
    "/comunicados/{comunicado_id}/adjuntos/{numero}",
    response={200: None, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Un PDF adjunto del comunicado",
)
@acceso.oficial
def adjunto(request: HttpRequest, comunicado_id: int, numero: int) -> Any:
    a = selectors.access_adjunto_oficial(oficial_de(request), comunicado_id, numero)
    return presentacion.respuesta_pdf(a)
