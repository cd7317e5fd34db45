"""Officials' afiliación API (perfil servidor_publico, rol administrador): the same imports as
`buzon afiliacion importar|primas`, the CSV sent as the body (`text/csv`) or as the multipart
field `archivo`. Answers the counts and every problem as `{linea, campo, mensaje}`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import errores
from buzon.cuentas import autenticacion
from buzon.cuotas.archivo import MOVIMIENTOS, PRIMAS, ErrorArchivo, Formato, Problema
from buzon.cuotas.errores import ErrorAfiliacion
from buzon.cuotas.servicios import (
    ErrorImportacion,
    Resultado,
    do_importar_movimientos,
    do_importar_primas,
)
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo
from buzon.padron.lectura import formatear_error

router = Router(tags=["oficina: afiliación"])

#: Problems listed in one answer (the counts are always complete; the command lists them all).
MAXIMO_ERRORES = 1_000
#: Largest file accepted (also never more than BUZON_MAXIMO_CUERPO): about 300,000 movements.
MAXIMO_ARCHIVO = 25 * 1024 * 1024
_TROZO = 64 * 1024


class ProblemaFila(Schema):
    linea: int
    campo: str | None
    mensaje: str


class _Importacion(Schema):
    archivo_sha256: str
    filas_leidas: int
    filas_importadas: int
    filas_con_error: int
    errores: list[ProblemaFila]
    errores_omitidos: int


class ImportacionMovimientos(_Importacion):
    asegurados_creados: int
    asegurados_actualizados: int
    movimientos_creados: int
    movimientos_ya_registrados: int


class ImportacionPrimas(_Importacion):
    primas_creadas: int
    primas_ya_registradas: int


def _cuerpo(formato: Formato[Any]) -> dict[str, Any]:
    ejemplo = formato.encabezado + "\r\n"
    return {
        "requestBody": {
            "required": True,
            "description": f"El CSV UTF-8 con el encabezado {formato.encabezado}, como cuerpo "
            "(text/csv) o en el campo «archivo» de un multipart/form-data. Su contenido decide: "
            "el tipo declarado no se toma en cuenta.",
            "content": {
                "text/csv": {"schema": {"type": "string"}, "example": ejemplo},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"archivo": {"type": "string", "format": "binary"}},
                        "required": ["archivo"],
                    }
                },
            },
        }
    }


#: The file's content decides (its header, its rows): no schema states a CSV's rows.
NEGOCIO = ["archivo_invalido", "archivo_requerido"]

_RESPUESTAS_ERROR: dict[int, Any] = {
    400: RespuestaError,
    401: RespuestaError,
    403: RespuestaError,
    413: RespuestaError,
    503: RespuestaError,
}


def _administrador(request: HttpRequest) -> Oficial:
    sesion = autenticacion.sesion_de(request)
    oficial = oficial_activo(sesion.rfc)
    if oficial is None or oficial.rol != Oficial.Rol.ADMINISTRADOR:
        raise ErrorAfiliacion(
            "sin_permiso",
            "Solo un servidor público activo con rol de administrador puede importar la "
            "afiliación: pida ese rol a quien administra el Buzón (buzon oficina alta).",
            None,
            403,
        )
    return oficial


def _trozos(request: HttpRequest) -> tuple[str, Iterator[bytes]]:
    """(file name, its bytes in pieces): the multipart field `archivo`, else the body."""
    if request.content_type == "multipart/form-data":
        archivo = request.FILES.get("archivo")
        if archivo is None:
            raise ErrorAfiliacion(
                "archivo_requerido",
                "Falta el archivo: envíelo en el campo «archivo» del formulario, o como el "
                "cuerpo de la solicitud (text/csv).",
                "archivo",
            )
        return archivo.name or "archivo.csv", iter(archivo.chunks(_TROZO))
    return "cuerpo.csv", iter(lambda: request.read(_TROZO), b"")


@contextmanager
def _recibido(request: HttpRequest) -> Iterator[tuple[Path, str]]:
    """The file copied to a temporary folder, its size counted on the bytes received (not on
    what the request declares): more than MAXIMO_ARCHIVO or BUZON_MAXIMO_CUERPO is refused
    (413). Whether it is a CSV is decided by its content, never by the declared type."""
    maximo = min(MAXIMO_ARCHIVO, int(settings.BUZON_MAXIMO_CUERPO))
    nombre, trozos = _trozos(request)
    with tempfile.TemporaryDirectory(prefix="buzon-afiliacion-api-") as carpeta:
        ruta = Path(carpeta) / "archivo.csv"
        total = 0
        with ruta.open("wb") as destino:
            for trozo in trozos:
                total += len(trozo)
                if total > maximo:
                    raise ErrorAfiliacion(
                        "archivo_demasiado_grande",
                        f"El archivo pasa del máximo de {maximo / 1_048_576:.0f} MB: divídalo "
                        "en varios (cada uno se importa por su cuenta) o use buzon afiliacion.",
                        "archivo",
                        413,
                    )
                destino.write(trozo)
        yield ruta, nombre


def _importar(request: HttpRequest, importar: Callable[..., Resultado]) -> dict[str, Any]:
    oficial = _administrador(request)
    errores: list[dict[str, Any]] = []
    omitidos = 0

    def al_error(problema: Problema) -> None:
        nonlocal omitidos
        if len(errores) < MAXIMO_ERRORES:
            linea, campo, mensaje = problema
            errores.append(
                {"linea": linea, "campo": campo, "mensaje": formatear_error(linea, campo, mensaje)}
            )
        else:
            omitidos += 1

    with _recibido(request) as (ruta, nombre):
        try:
            resultado = importar(ruta, nombre=nombre, por=oficial.rfc, al_error=al_error)
        except ErrorArchivo as exc:
            raise ErrorAfiliacion("archivo_invalido", exc.mensaje, "archivo") from exc
        except ErrorImportacion as exc:
            raise ErrorAfiliacion(
                "importacion_incompleta", exc.mensaje, None, 503, exc.resultado.resumen()
            ) from exc
    return {**resultado.resumen(), "errores": errores, "errores_omitidos": omitidos}


@router.post(
    "/oficina/afiliacion/movimientos",
    response={200: ImportacionMovimientos, **_RESPUESTAS_ERROR},
    auth=autenticacion.oficial,
    summary="Importa movimientos afiliatorios (08, 07, 02, 11, 12) de un CSV (idempotente)",
    openapi_extra={**_cuerpo(MOVIMIENTOS), **errores(negocio=NEGOCIO, e403=["sin_permiso"])},
)
@acceso.oficial
def importar_movimientos(request: HttpRequest) -> Any:
    return _importar(request, do_importar_movimientos)


@router.post(
    "/oficina/afiliacion/primas",
    response={200: ImportacionPrimas, **_RESPUESTAS_ERROR},
    auth=autenticacion.oficial,
    summary="Importa primas de riesgos de trabajo por periodo de un CSV (idempotente)",
    openapi_extra={**_cuerpo(PRIMAS), **errores(negocio=NEGOCIO, e403=["sin_permiso"])},
)
@acceso.oficial
def importar_primas(request: HttpRequest) -> Any:
    return _importar(request, do_importar_primas)
