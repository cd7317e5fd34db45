"""Actuaciones API. Particular (contract): GET /tramites, POST /actuaciones, POST
/actuaciones/{id}/firma, GET /actuaciones; plus GET /actuaciones/{id} and its attachments.
Official: GET /oficina/actuaciones (by trámite and state), GET /oficina/actuaciones/{id} and its
attachments, for the subdelegación of the official (an administrador, all)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Field, Query, Router, Schema, Status

from buzon.actuaciones import selectors, servicios
from buzon.actuaciones.anexos import ErrorAnexo, decodificar
from buzon.actuaciones.catalogo import declaracion_de, vigentes
from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.esquemas import reglas_como_json
from buzon.actuaciones.models import Actuacion, Anexo
from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.cuentas import autenticacion
from buzon.evidencia import almacen
from buzon.evidencia.api import AcuseSalida, como_json
from buzon.evidencia.models import Acuse
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["actuaciones"])


class TramiteSalida(Schema):
    clave: str
    nombre: str
    version: str
    numeral: str
    fundamento: str
    ayuda: str
    promovente: str = Field(description="rfc, registro_patronal o cualquiera")
    requiere_habilitacion: bool
    espera_respuesta: bool
    esquema: dict[str, Any] = Field(description="JSON Schema (2020-12) de «datos»")
    anexos: dict[str, Any] = Field(description="tipos, maximo_bytes, minimo, maximo, ayuda")


class TramitesSalida(Schema):
    tramites: list[TramiteSalida]


class AnexoEntrada(Schema):
    nombre: str
    tipo_mime: str = Field("", description="Informativo: el tipo se decide por el contenido")
    contenido: str = Field(description="El archivo en base64")


class ActuacionEntrada(Schema):
    tramite: str
    datos: dict[str, Any]
    anexos: list[AnexoEntrada] = Field(default_factory=list)
    registro_patronal: str | None = Field(
        None, description="Para los trámites que se presentan por registro patronal"
    )


class BorradorSalida(Schema):
    id: int
    cadena: str = Field(description="Lo que se firma con la e.firma (bytes UTF-8)")
    estado: str
    expira: datetime


class FirmaEntrada(Schema):
    firma: str


class PresentadaSalida(Schema):
    id: int
    estado: str
    acuse: AcuseSalida
    recepcion_legal: datetime = Field(description="En la zona horaria del domicilio fiscal")


class ActuacionResumen(Schema):
    id: int
    tramite: str
    nombre_tramite: str
    estado: str
    acuse: str | None = Field(description="Folio del acuse, una vez presentada")
    registro_patronal: str | None
    creada: datetime
    expira: datetime | None
    presentada: datetime | None
    recepcion_legal: datetime | None


class ActuacionesSalida(Schema):
    actuaciones: list[ActuacionResumen]


class AnexoSalida(Schema):
    indice: int
    nombre: str
    tipo_mime: str
    tamano: int
    sha256: str


class ActuacionDetalle(Schema):
    id: int
    tramite: str
    nombre_tramite: str
    version_tramite: str
    estado: str
    registro_patronal: str | None
    datos: dict[str, Any]
    anexos: list[AnexoSalida]
    cadena: str
    creada: datetime
    expira: datetime | None
    presentada: datetime | None
    recepcion_legal: datetime | None
    acuse: AcuseSalida | None
    fecha_limite: date | None = Field(
        None, description="ICSOE: fecha límite del cuatrimestre (LSS 15 A; día hábil, CFF 12)"
    )


class ActuacionOficina(ActuacionResumen):
    rfc: str
    nombre: str
    subdelegacion: str


class ActuacionesOficina(Schema):
    actuaciones: list[ActuacionOficina]


class ActuacionOficinaDetalle(ActuacionDetalle):
    rfc: str
    nombre: str
    subdelegacion: str
    requerimiento: int | None = Field(description="La notificación (7.6) que contesta, si aplica")


class FiltroOficina(Schema):
    tramite: str | None = None
    estado: str | None = Field(None, description="presentada o respondida")
    limite: int = 100
    desde: int = 0


class ErrorDeFila(Schema):
    linea: int
    campo: str
    mensaje: str


class RespuestaErrorConFilas(RespuestaError):
    """The contract's error plus, when there are several to fix at once (a CSV's rows), each one
    with its line (1 is the header; 0 the whole file), column and Spanish message."""

    errores: list[ErrorDeFila] | None = None


def recepcion_en_su_zona(a: Actuacion) -> datetime | None:
    if a.recepcion_legal is None:
        return None
    return a.recepcion_legal.astimezone(zona(a.zona) if a.zona else ZONA_CENTRO)


def resumen(a: Actuacion, estado: str) -> dict[str, Any]:
    return {
        "id": a.pk,
        "tramite": a.tramite.clave,
        "nombre_tramite": a.tramite.nombre,
        "estado": estado,
        "acuse": a.acuse or None,
        "registro_patronal": a.registro_patronal or None,
        "creada": a.creada.astimezone(ZONA_CENTRO),
        "expira": a.expira.astimezone(ZONA_CENTRO) if a.presentada is None else None,
        "presentada": a.presentada.astimezone(ZONA_CENTRO) if a.presentada else None,
        "recepcion_legal": recepcion_en_su_zona(a),
        "rfc": a.rfc,
        "nombre": a.nombre,
        "subdelegacion": a.subdelegacion,
    }


def detalle_de(a: Actuacion, ahora: datetime) -> dict[str, Any]:
    acuse = Acuse.objects.filter(folio=a.acuse).first() if a.acuse else None
    return {
        **resumen(a, selectors.estado_de(a, ahora)),
        "version_tramite": a.tramite.version,
        "datos": json.loads(a.datos),
        "anexos": [
            {
                "indice": x.orden,
                "nombre": x.nombre,
                "tipo_mime": x.tipo_mime,
                "tamano": x.tamano,
                "sha256": x.sha256,
            }
            for x in selectors.anexos_de(a)
        ],
        "cadena": a.cadena,
        "acuse": como_json(acuse) if acuse else None,
        "fecha_limite": selectors.fecha_limite_de(a, acuse.datos if acuse else None),
        "requerimiento": a.notificacion,
    }


def respuesta_anexo(anexo: Anexo) -> HttpResponse:
    """The attachment's exact bytes, as a download (never rendered inline)."""
    contenido = almacen.leer(anexo.sha256, servicios.ESPACIO)
    respuesta = HttpResponse(contenido, content_type=anexo.tipo_mime)
    respuesta["Content-Disposition"] = content_disposition_header(True, anexo.nombre) or (
        "attachment"
    )
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return respuesta


# --- Particular ----------------------------------------------------------------------------------


@router.get(
    "/tramites",
    response=TramitesSalida,
    auth=autenticacion.particular,
    summary="Catálogo de trámites: el esquema de sus datos y las reglas de sus anexos",
)
@acceso.particular
def tramites(request: HttpRequest) -> dict[str, Any]:
    salida = []
    for fila in vigentes():
        d = declaracion_de(fila)
        salida.append(
            {
                "clave": d.clave,
                "nombre": d.nombre,
                "version": d.version,
                "numeral": d.numeral,
                "fundamento": d.fundamento,
                "ayuda": d.ayuda,
                "promovente": d.promovente,
                "requiere_habilitacion": d.requiere_habilitacion,
                "espera_respuesta": d.espera_respuesta,
                "esquema": dict(d.esquema),
                "anexos": reglas_como_json(d.anexos, d.ayuda_anexos),
            }
        )
    return {"tramites": salida}


@router.post(
    "/actuaciones",
    response={201: BorradorSalida, 400: RespuestaErrorConFilas, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Crea una actuación por firmar: revisa datos y anexos y entrega la cadena",
)
@acceso.particular
def crear(request: HttpRequest, entrada: ActuacionEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    try:  # the pure attachment rules know no HTTP status: a bad one is a 400 of this filing
        anexos = [
            servicios.AnexoEntrada(a.nombre, decodificar(a.contenido, f"anexos[{i}].contenido"))
            for i, a in enumerate(entrada.anexos)
        ]
    except ErrorAnexo as exc:
        raise ErrorActuacion(exc.codigo, exc.mensaje, exc.campo) from exc
    actuacion = servicios.do_crear_borrador(
        rfc=sesion.rfc,
        nombre=sesion.nombre,
        tramite=entrada.tramite,
        datos=entrada.datos,
        anexos=anexos,
        registro_patronal=entrada.registro_patronal,
    )
    return Status(
        201,
        {
            "id": actuacion.pk,
            "cadena": actuacion.cadena,
            "estado": selectors.BORRADOR,
            "expira": actuacion.expira.astimezone(ZONA_CENTRO),
        },
    )


@router.post(
    "/actuaciones/{actuacion_id}/firma",
    response={201: PresentadaSalida, 400: RespuestaError, 404: RespuestaError, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Firma la cadena con la e.firma de la sesión: presenta la actuación y da su acuse",
)
@acceso.particular
def firmar(request: HttpRequest, actuacion_id: int, entrada: FirmaEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    hecha = servicios.do_firmar(
        actuacion_id=actuacion_id,
        rfc=sesion.rfc,
        certificado_der=bytes(sesion.certificado_der),
        firma=entrada.firma,
    )
    return Status(
        201,
        {
            "id": hecha.actuacion.pk,
            "estado": selectors.PRESENTADA
            if hecha.nueva
            else selectors.estado_de(hecha.actuacion, timezone.now()),
            "acuse": como_json(hecha.acuse),
            "recepcion_legal": recepcion_en_su_zona(hecha.actuacion),
        },
    )


@router.get(
    "/actuaciones",
    response=ActuacionesSalida,
    auth=autenticacion.particular,
    summary="Mis actuaciones, de la más reciente (hasta 500)",
)
@acceso.particular
def lista(request: HttpRequest) -> dict[str, Any]:
    sesion = autenticacion.sesion_de(request)
    filas = list(selectors.de_particular(sesion.rfc)[: selectors.LIMITE_LISTA])
    estados = selectors.estados_de(filas, timezone.now())
    return {"actuaciones": [resumen(a, estados[a.pk]) for a in filas]}


@router.get(
    "/actuaciones/{actuacion_id}",
    response={200: ActuacionDetalle, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Una de mis actuaciones, con sus datos, anexos y acuse",
)
@acceso.particular
def detalle(request: HttpRequest, actuacion_id: int) -> Any:
    a = selectors.access_actuacion(autenticacion.sesion_de(request).rfc, actuacion_id)
    return detalle_de(a, timezone.now())


@router.get(
    "/actuaciones/{actuacion_id}/anexos/{indice}",
    response={200: None, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Descarga un anexo de una de mis actuaciones (los bytes exactos)",
)
@acceso.particular
def anexo(request: HttpRequest, actuacion_id: int, indice: int) -> Any:
    a = selectors.access_actuacion(autenticacion.sesion_de(request).rfc, actuacion_id)
    return respuesta_anexo(selectors.access_anexo(a, indice))


# --- Oficina -------------------------------------------------------------------------------------


def oficial_de(request: HttpRequest) -> Oficial:
    oficial = oficial_activo(autenticacion.sesion_de(request).rfc)
    if oficial is None:
        raise ErrorActuacion(
            "no_autorizado",
            "Su alta como servidor público no está activa: pida a un administrador que la revise.",
            None,
            403,
        )
    return oficial


def filtro_valido(filtro: FiltroOficina) -> None:
    if filtro.estado and filtro.estado not in selectors.ESTADOS_OFICINA:
        raise ErrorActuacion(
            "estado_invalido", "«estado» debe ser presentada o respondida.", "estado"
        )
    if not 1 <= filtro.limite <= 500:
        raise ErrorActuacion("limite_invalido", "«limite» va de 1 a 500.", "limite")
    if filtro.desde < 0:
        raise ErrorActuacion("desde_invalido", "«desde» no puede ser negativo.", "desde")


@router.get(
    "/oficina/actuaciones",
    response={200: ActuacionesOficina, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Actuaciones presentadas en mi subdelegación, por trámite y estado",
    tags=["oficina: actuaciones"],
)
@acceso.oficial
def lista_oficina(request: HttpRequest, filtro: Query[FiltroOficina]) -> Any:
    oficial = oficial_de(request)
    filtro_valido(filtro)
    consulta = selectors.filtrar(selectors.de_la_oficina(oficial), filtro.tramite, filtro.estado)
    filas = list(consulta[filtro.desde : filtro.desde + filtro.limite])
    estados = selectors.estados_de(filas, timezone.now())
    return {"actuaciones": [resumen(a, estados[a.pk]) for a in filas]}


@router.get(
    "/oficina/actuaciones/{actuacion_id}",
    response={200: ActuacionOficinaDetalle, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Una actuación presentada en mi subdelegación",
    tags=["oficina: actuaciones"],
)
@acceso.oficial
def detalle_oficina(request: HttpRequest, actuacion_id: int) -> Any:
    a = selectors.access_actuacion_oficial(oficial_de(request), actuacion_id)
    return detalle_de(a, timezone.now())


@router.get(
    "/oficina/actuaciones/{actuacion_id}/anexos/{indice}",
    response={200: None, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Descarga un anexo de una actuación de mi subdelegación",
    tags=["oficina: actuaciones"],
)
@acceso.oficial
def anexo_oficina(request: HttpRequest, actuacion_id: int, indice: int) -> Any:
    a = selectors.access_actuacion_oficial(oficial_de(request), actuacion_id)
    return respuesta_anexo(selectors.access_anexo(a, indice))
