"""`GET /salud`: is this installation ready to serve? For load balancers and operators.
`GET /vivo`: is this process alive (nothing checked)?

Three checks, each answering `{"listo": bool, "detalle": Spanish sentence}`:
- `base_de_datos`: a query answers;
- `sello`: there is an active seal, its key loads and its certificate is in force today (without
  one, no acuse can be issued: `buzon sello instalar`);
- `almacen_documentos`: the documents' storage can be written (file system: the folder exists or
  can be created, and the process may write in it; another backend: it answers).
Reading never writes: no probe file is left, no row touched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

from buzon.comun import acceso
from buzon.evidencia.almacen import almacen
from buzon.evidencia.sello import ErrorSello, sellador_activo

router = Router(tags=["salud"])


class Comprobacion(Schema):
    listo: bool
    detalle: str


class SaludSalida(Schema):
    estado: str
    comprobaciones: dict[str, Comprobacion]


def _base_de_datos() -> Comprobacion:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Comprobacion(
            listo=False, detalle="La base de datos no responde: revise DATABASE_URL y el servidor."
        )
    return Comprobacion(listo=True, detalle="La base de datos responde.")


def comprobar_sello() -> Comprobacion:
    try:
        activo = sellador_activo()
    except ErrorSello as exc:
        return Comprobacion(listo=False, detalle=str(exc))
    except DatabaseError:
        return Comprobacion(
            listo=False,
            detalle="No se pudo leer el sello: la base de datos no responde o no tiene sus tablas.",
        )
    return Comprobacion(
        listo=True, detalle=f"Sello institucional activo y vigente: {activo.numero}."
    )


def _carpeta_escribible(carpeta: Path) -> bool:
    existente = carpeta
    while not existente.exists() and existente != existente.parent:
        existente = existente.parent
    return existente.is_dir() and os.access(existente, os.W_OK | os.X_OK)


def _almacen_documentos() -> Comprobacion:
    destino = almacen()
    if isinstance(destino, FileSystemStorage):
        carpeta = Path(destino.location)
        if _carpeta_escribible(carpeta):
            return Comprobacion(
                listo=True, detalle="Se puede escribir en la carpeta de documentos."
            )
        return Comprobacion(
            listo=False,
            detalle="No se puede escribir en la carpeta de documentos (BUZON_DATA_DIR/documentos): "
            "dé permiso de escritura al usuario del servicio o cambie BUZON_DATA_DIR.",
        )
    try:
        destino.exists("salud")
    except Exception:  # any backend's own failure (network, credentials)
        return Comprobacion(
            listo=False,
            detalle="El almacén de documentos no responde: revise BUZON_DOCUMENTOS_STORAGE y "
            "BUZON_DOCUMENTOS_OPCIONES.",
        )
    return Comprobacion(listo=True, detalle="El almacén de documentos responde.")


def comprobaciones() -> dict[str, Comprobacion]:
    return {
        "base_de_datos": _base_de_datos(),
        "sello": comprobar_sello(),
        "almacen_documentos": _almacen_documentos(),
    }


@router.get(
    "/salud",
    response={200: SaludSalida, 503: SaludSalida},
    summary="¿Está lista esta instalación? (base de datos, sello, almacén de documentos)",
)
@acceso.publico
def salud(request: HttpRequest) -> Any:
    resultado = comprobaciones()
    if all(c.listo for c in resultado.values()):
        return {"estado": "listo", "comprobaciones": resultado}
    return Status(503, {"estado": "no_listo", "comprobaciones": resultado})


class VivoSalida(Schema):
    vivo: bool


@router.get(
    "/vivo",
    response={200: VivoSalida},
    summary="¿Responde este proceso? (sin consultar nada: para el balanceador y como techo)",
)
@acceso.publico
def vivo(request: HttpRequest) -> Any:
    """Liveness: the process answers, touching neither the database nor the seal. `/salud` says
    whether it is *ready*; this says it is *alive* (a balancer restarts a process that stops
    answering here, and takes one out of rotation that answers 503 at `/salud`). It is also the
    bare django-ninja endpoint the benches measure as the framework's ceiling on the same server
    (issue 18): our middleware and ninja's routing, and nothing else."""
    return {"vivo": True}
