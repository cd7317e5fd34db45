"""Normatividad (relación 3) API: the library is public law, read without a session.

GET /normatividad (texts), GET /normatividad/busqueda?q= (articles that match, with a highlighted
excerpt), GET /normatividad/{clave} (its versions), GET /normatividad/{clave}/versiones/{numero}
(a version with its articles); POST /normatividad (an official with role administrador adds a
text or a new version: 201 new, 200 when that content was already there).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import JsonValue

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import PATRON_DIA_OPCIONAL, errores, linea, opcional
from buzon.cuentas import autenticacion
from buzon.normatividad import busqueda, selectors
from buzon.normatividad.models import Texto, Version
from buzon.normatividad.servicios import (
    LARGO_FUENTE,
    LARGO_NOMBRE,
    MAXIMO_BYTES,
    PATRON_CLAVE,
    Alta,
    do_agregar_version,
)

router = Router(tags=["normatividad"])

Clave = Annotated[
    str, Field(description="Clave corta del texto (ej. cff)", pattern=PATRON_CLAVE, max_length=40)
]
NumeroVersion = Annotated[int, Field(ge=1, le=1_000_000, description="Número de versión")]


class VersionResumen(Schema):
    numero: int
    fecha_dof: date
    fuente_dof: str
    vigente_desde: date
    sha256: str
    agregada: datetime


class TextoSalida(Schema):
    clave: str
    tipo: str
    nombre: str
    versiones: int
    vigente: VersionResumen | None


class TextosSalida(Schema):
    textos: list[TextoSalida]


class TextoConVersiones(Schema):
    clave: str
    tipo: str
    nombre: str
    vigente: int | None = Field(description="Número de la versión en vigor hoy")
    versiones: list[VersionResumen]


class ArticuloSalida(Schema):
    orden: int
    clave: str
    texto: str


class VersionDetalle(VersionResumen):
    clave: str
    nombre: str
    articulos: list[ArticuloSalida]


class TramoSalida(Schema):
    texto: str
    resaltado: bool


class ResultadoSalida(Schema):
    clave: str
    nombre: str
    version: int
    vigente_desde: date
    articulo: str
    extracto: list[TramoSalida] = Field(description="El extracto, con las palabras halladas")


class BusquedaSalida(Schema):
    consulta: str
    resultados: list[ResultadoSalida]


class ConsultaBusqueda(Schema):
    q: str = Field(min_length=2, max_length=200, description="Palabras a buscar (en español)")
    clave: Clave | None = None
    version: NumeroVersion | None = Field(None, description="Solo esta versión (con «clave»)")
    fecha: str = opcional(PATRON_DIA_OPCIONAL, "Las versiones en vigor ese día (AAAA-MM-DD)")
    limite: int = Field(20, ge=1, le=busqueda.MAXIMO_RESULTADOS)


class AltaEntrada(Schema):
    clave: Clave
    tipo: str = Field(json_schema_extra={"enum": list[JsonValue](Texto.Tipo.values)})
    nombre: linea(LARGO_NOMBRE)  # type: ignore[valid-type]
    fecha_dof: date = Field(description="Publicación en el DOF")
    fuente_dof: linea(LARGO_FUENTE, "Referencia o dirección del DOF")  # type: ignore[valid-type]
    vigente_desde: date | None = Field(
        None, description="Entrada en vigor (si no: el día siguiente)"
    )
    contenido: str = Field(max_length=MAXIMO_BYTES, description="El texto completo, UTF-8")


class AltaSalida(Schema):
    clave: str
    nueva: bool
    version: VersionResumen
    articulos: int


def _resumen(v: Version) -> dict[str, Any]:
    return {
        "numero": v.numero,
        "fecha_dof": v.fecha_dof,
        "fuente_dof": v.fuente_dof,
        "vigente_desde": v.vigente_desde,
        "sha256": v.sha256,
        "agregada": v.agregada,
    }


@router.get(
    "/normatividad",
    response={200: TextosSalida},
    summary="Los textos de la biblioteca de normatividad, con su versión en vigor",
)
@acceso.publico
def textos(request: HttpRequest) -> Any:
    return {
        "textos": [
            {
                "clave": f.texto.clave,
                "tipo": f.texto.tipo,
                "nombre": f.texto.nombre,
                "versiones": f.versiones,
                "vigente": _resumen(f.vigente) if f.vigente else None,
            }
            for f in selectors.biblioteca()
        ]
    }


@router.get(
    "/normatividad/busqueda",
    response={200: BusquedaSalida, 400: RespuestaError, 404: RespuestaError},
    summary="Búsqueda de texto completo en español; cada resultado dice el artículo hallado",
    openapi_extra=errores(negocio=["consulta_invalida"], e404=["no_encontrado"]),
)
@acceso.publico
def buscar(request: HttpRequest, consulta: Query[ConsultaBusqueda]) -> Any:
    resultados = busqueda.buscar(
        consulta.q,
        clave=consulta.clave,
        version=consulta.version,
        fecha=selectors.fecha_de_consulta(consulta.fecha),
        limite=consulta.limite,
    )
    return {
        "consulta": " ".join(consulta.q.split()),
        "resultados": [
            {
                "clave": r.texto.clave,
                "nombre": r.texto.nombre,
                "version": r.version.numero,
                "vigente_desde": r.version.vigente_desde,
                "articulo": r.articulo.clave,
                "extracto": [{"texto": t.texto, "resaltado": t.marcado} for t in r.tramos],
            }
            for r in resultados
        ],
    }


@router.get(
    "/normatividad/{clave}",
    response={200: TextoConVersiones, 404: RespuestaError},
    summary="Un texto y sus versiones (la reforma agrega una; las anteriores siguen legibles)",
)
@acceso.publico
def texto(request: HttpRequest, clave: Clave) -> Any:
    t = selectors.access_texto(clave)
    vigente = selectors.vigente_en(t)
    return {
        "clave": t.clave,
        "tipo": t.tipo,
        "nombre": t.nombre,
        "vigente": vigente.numero if vigente else None,
        "versiones": [_resumen(v) for v in selectors.versiones_de(t)],
    }


@router.get(
    "/normatividad/{clave}/versiones/{numero}",
    response={200: VersionDetalle, 404: RespuestaError},
    summary="Una versión de un texto, con sus artículos o numerales",
)
@acceso.publico
def version(request: HttpRequest, clave: Clave, numero: NumeroVersion) -> Any:
    v = selectors.access_version(selectors.access_texto(clave), numero)
    return {
        **_resumen(v),
        "clave": v.texto.clave,
        "nombre": v.texto.nombre,
        "articulos": [
            {"orden": a.orden, "clave": a.clave, "texto": a.texto}
            for a in selectors.articulos_de(v)
        ],
    }


@router.post(
    "/normatividad",
    response={200: AltaSalida, 201: AltaSalida, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Agregar un texto o una versión nueva (servidor público con rol administrador)",
    openapi_extra=errores(
        negocio=["campo_invalido", "archivo_invalido", "sin_articulos"], e403=["no_autorizado"]
    ),
    tags=["oficina: normatividad"],
)
@acceso.oficial
def agregar(request: HttpRequest, entrada: AltaEntrada) -> Any:
    resultado = do_agregar_version(
        Alta(
            clave=entrada.clave,
            tipo=entrada.tipo,
            nombre=entrada.nombre,
            fecha_dof=entrada.fecha_dof,
            fuente_dof=entrada.fuente_dof,
            vigente_desde=entrada.vigente_desde,
        ),
        entrada.contenido,
        por=autenticacion.sesion_de(request).rfc,
    )
    v = resultado.version
    cuerpo = {
        "clave": v.texto.clave,
        "nueva": resultado.nueva,
        "version": _resumen(v),
        "articulos": v.articulos.count(),
    }
    return Status(201 if resultado.nueva else 200, cuerpo)
