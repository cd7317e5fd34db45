"""Mis documentos (numeral 8; relación 4): the API.

- `GET /documentos`: the session's documents (emisiones, opiniones, acuses and constancias,
  notified documents, actuaciones' acuses), newest first, filtered by kind and period, paginated;
  each with its owning app's download and its verification URL where sealed.
- `GET /documentos/publicos`, `GET /documentos/publicos/{id}/pdf`: the guides and formats, for
  everyone (no session).
- `POST /oficina/documentos` (multipart), `POST /oficina/documentos/{id}/retiro`: an
  administrador publishes or withdraws one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from buzon.comun import acceso
from buzon.comun.errores import ErrorBuzon, RespuestaError
from buzon.comun.tipos_api import PATRON_DIA_OPCIONAL, errores, linea, opcional
from buzon.cuentas import autenticacion
from buzon.documentos import enlaces, selectors
from buzon.documentos.clases import CLASES
from buzon.documentos.servicios import (
    LARGO_DESCRIPCION,
    LARGO_TITULO,
    MAXIMO_PDF,
    PATRON_VERSION,
    Publicacion,
    do_publicar_documento,
    do_retirar_documento,
)

router = Router(tags=["mis documentos"])

PATRON_CLASE = rf"^\s*(?:{'|'.join(CLASES)})?\s*$"


class BusquedaDeDocumentos(Schema):
    tipo: str = opcional(PATRON_CLASE, f"Clase de documento ({', '.join(CLASES)}); vacío: todas")
    desde: str = opcional(PATRON_DIA_OPCIONAL, "AAAA-MM-DD (Zona Centro), incluido")
    hasta: str = opcional(PATRON_DIA_OPCIONAL, "AAAA-MM-DD (Zona Centro), incluido")
    pagina: int = Field(1, json_schema_extra={"minimum": 1, "maximum": selectors.MAXIMA_PAGINA})
    tamano: int = Field(
        selectors.POR_PAGINA,
        json_schema_extra={"minimum": 1, "maximum": selectors.MAXIMO_POR_PAGINA},
    )


class MiDocumentoSalida(Schema):
    tipo: str = Field(description=" | ".join(CLASES))
    tipo_legible: str
    subtipo: str = Field(description="EMA/EBA, sentido de la opinión, tipo de acuse, acto…")
    titulo: str
    detalle: str
    fecha: datetime
    periodo: str | None
    registro_patronal: str | None
    folio: str | None
    descarga: str = Field(description="Ruta de la API que descarga el documento (misma sesión)")
    verificacion: str | None = Field(description="URL pública de verificación (la del QR)")


class MisDocumentosSalida(Schema):
    documentos: list[MiDocumentoSalida]
    pagina: int
    tamano: int
    siguiente: int | None


class DocumentoPublicoSalida(Schema):
    id: int
    titulo: str
    descripcion: str
    tipo: str = Field(description="guia | formato")
    version: str
    tamano: int
    sha256: str
    publicado: datetime
    retirado: datetime | None
    descarga: str


class DocumentosPublicosSalida(Schema):
    documentos: list[DocumentoPublicoSalida]


class DocumentoPublicoEntrada(Schema):
    titulo: linea(LARGO_TITULO, "Título de la guía o el formato")  # type: ignore[valid-type]
    descripcion: str = Field("", json_schema_extra={"maxLength": LARGO_DESCRIPCION})
    tipo: str = Field(description="guia | formato", json_schema_extra={"enum": ["guia", "formato"]})
    version: str = Field(
        description="1 a 20 letras, cifras, puntos o guiones",
        json_schema_extra={"pattern": PATRON_VERSION},
    )


@router.get(
    "/documentos",
    response={200: MisDocumentosSalida, 400: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis documentos: todo lo que el Instituto me emitió, del más reciente",
    description="Emisiones, opiniones de cumplimiento, acuses y constancias, documentos "
    "notificados (una vez abiertos o notificados) y acuses de actuaciones. Cada uno con la ruta "
    "de su descarga y, si lleva sello, su URL de verificación.",
    openapi_extra=errores(
        negocio=["periodo_invalido"],
        e400=["tipo_invalido", "fecha_invalida", "pagina_invalida", "tamano_invalido"],
    ),
)
@acceso.particular
def mis_documentos(request: HttpRequest, filtro: Query[BusquedaDeDocumentos]) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    f = selectors.leer_filtro(filtro.tipo, filtro.desde, filtro.hasta)
    pagina = selectors.mis_documentos(rfc, f, timezone.now(), filtro.pagina, filtro.tamano)
    return {
        "documentos": [enlaces.como_json(d) for d in pagina.documentos],
        "pagina": pagina.numero,
        "tamano": pagina.tamano,
        "siguiente": pagina.numero + 1 if pagina.hay_mas else None,
    }


@router.get(
    "/documentos/publicos",
    response=DocumentosPublicosSalida,
    auth=None,
    summary="Documentos para todos: guías y formatos publicados por el Instituto",
)
@acceso.publico
def publicos(request: HttpRequest) -> Any:
    return {"documentos": [enlaces.publico_json(p) for p in selectors.publicos()[:500]]}


@router.get(
    "/documentos/publicos/{documento_id}/pdf",
    response={200: None, 404: RespuestaError},
    auth=None,
    summary="Descarga una guía o un formato (PDF)",
)
@acceso.publico
def publico_pdf(request: HttpRequest, documento_id: int) -> HttpResponse:
    return enlaces.respuesta_pdf(selectors.access_publico(documento_id))


@router.post(
    "/oficina/documentos",
    response={
        201: DocumentoPublicoSalida,
        400: RespuestaError,
        403: RespuestaError,
        409: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Publica una guía o un formato (administrador; multipart, archivo PDF)",
    description=f"El archivo es un PDF por su contenido (empieza con `%PDF-`), de hasta "
    f"{MAXIMO_PDF // (1024 * 1024)} MB. Título y versión no se repiten (409 `version_existente`).",
    openapi_extra=errores(
        negocio=[
            "titulo_invalido",
            "descripcion_invalido",
            "archivo_no_pdf",
            "archivo_grande",
        ],
        e400=["tipo_invalido", "version_invalida"],
        e403=["no_autorizado"],
        e409=["version_existente"],
    ),
)
@acceso.oficial
def publicar(
    request: HttpRequest, datos: Form[DocumentoPublicoEntrada], archivo: File[UploadedFile]
) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    if archivo.size is None or archivo.size > MAXIMO_PDF:
        raise ErrorBuzon(
            "archivo_grande",
            f"El archivo pasa de {MAXIMO_PDF // (1024 * 1024)} MB: redúzcalo y envíelo de nuevo.",
            "archivo",
        )
    p = do_publicar_documento(
        rfc, Publicacion(datos.titulo, datos.descripcion, datos.tipo, datos.version, archivo.read())
    )
    return Status(201, enlaces.publico_json(p))


@router.post(
    "/oficina/documentos/{documento_id}/retiro",
    response={
        200: DocumentoPublicoSalida,
        403: RespuestaError,
        404: RespuestaError,
        409: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Retira una guía o un formato (administrador): deja de ofrecerse, y queda registrado",
    openapi_extra=errores(e403=["no_autorizado"], e404=["no_encontrado"], e409=["ya_retirado"]),
)
@acceso.oficial
def retirar(request: HttpRequest, documento_id: int) -> Any:
    return enlaces.publico_json(
        do_retirar_documento(autenticacion.sesion_de(request).rfc, documento_id)
    )
