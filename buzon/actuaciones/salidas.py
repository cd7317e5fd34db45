"""What the actuaciones API answers, and the pages show too: the answers' schemas and how an
actuación becomes one (its summary, its detail with the acuse, the legal receipt in the zone of the
domicile, an attachment's bytes as a download)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Schema

from buzon.actuaciones import selectors
from buzon.actuaciones.contenidos import ESPACIO
from buzon.actuaciones.models import Actuacion, Anexo
from buzon.comun.errores import RespuestaError
from buzon.evidencia import almacen
from buzon.evidencia.api import AcuseSalida, como_json
from buzon.evidencia.models import Acuse
from buzon.legal.zonas import ZONA_CENTRO, zona


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


class BorradorSalida(Schema):
    id: int
    cadena: str = Field(description="Lo que se firma con la e.firma (bytes UTF-8)")
    estado: str
    expira: datetime


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


def _sin_subdelegacion() -> Any:
    return Field(
        False,
        description="El padrón no le da subdelegación: llegó a la bandeja por omisión "
        "(supervisores y BUZON_BANDEJA_POR_DEFECTO) y se atiende desde ahí",
    )


class ActuacionOficina(ActuacionResumen):
    rfc: str
    nombre: str
    subdelegacion: str
    sin_subdelegacion: bool = _sin_subdelegacion()


class ActuacionesOficina(Schema):
    actuaciones: list[ActuacionOficina]


class ActuacionOficinaDetalle(ActuacionDetalle):
    rfc: str
    nombre: str
    subdelegacion: str
    sin_subdelegacion: bool = _sin_subdelegacion()
    requerimiento: int | None = Field(description="La notificación (7.6) que contesta, si aplica")


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
        "sin_subdelegacion": selectors.sin_subdelegacion(a),
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
    contenido = almacen.leer(anexo.sha256, ESPACIO)
    respuesta = HttpResponse(contenido, content_type=anexo.tipo_mime)
    respuesta["Content-Disposition"] = content_disposition_header(True, anexo.nombre) or (
        "attachment"
    )
    respuesta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return respuesta
