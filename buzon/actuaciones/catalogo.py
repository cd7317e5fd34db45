"""The catalogue of trámites: declarations loaded from files (buzon/actuaciones/tramites/*.json
ships the base ones; `buzon tramites importar ARCHIVO.json` adds or updates one).

Importing a version makes it the vigente one for its clave; earlier versions stay (actuaciones
filed under them cite them). A version is immutable: importing the same clave and version with a
different content is refused. The shipped files are loaded on first use of a database, and a
shipped version a database does not have yet (an upgrade) is loaded and becomes vigente.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.actuaciones.esquemas import Declaracion, ErrorDeclaracion, leer_declaracion
from buzon.actuaciones.models import Tramite
from buzon.actuaciones.validacion import canonico


@dataclass(frozen=True)
class Importado:
    clave: str
    version: str
    nuevo: bool


def huella_de(declaracion: Declaracion) -> str:
    return hashlib.sha256(canonico(declaracion.como_json()).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def declaraciones_base() -> tuple[Declaracion, ...]:
    """The trámites shipped with the Buzón (checked when read: a bad file fails loudly), by
    clave and version: a database that lacks several versions of one clave loads them oldest
    first, so the newest ends vigente (versions are dates, AAAA-MM-DD, or sort like them)."""
    carpeta = resources.files("buzon.actuaciones").joinpath("tramites")
    textos = [f.read_text("utf-8") for f in carpeta.iterdir() if f.name.endswith(".json")]
    return tuple(sorted((leer_declaracion(t) for t in textos), key=lambda d: (d.clave, d.version)))


def _importar(declaracion: Declaracion) -> Importado:
    huella = huella_de(declaracion)
    with transaction.atomic():
        existente = (
            Tramite.objects.select_for_update()
            .filter(clave=declaracion.clave, version=declaracion.version)
            .first()
        )
        if existente is not None and existente.huella != huella:
            raise ErrorDeclaracion(
                f"La versión {declaracion.version} de «{declaracion.clave}» ya existe con otro "
                "contenido: las versiones no se modifican; declare una versión nueva.",
                "version",
            )
        otros = Tramite.objects.filter(clave=declaracion.clave, vigente=True)
        if existente is not None:
            otros = otros.exclude(pk=existente.pk)
        otros.update(vigente=False)
        if existente is not None:
            if not existente.vigente:
                Tramite.objects.filter(pk=existente.pk).update(vigente=True)
            return Importado(declaracion.clave, declaracion.version, False)
        Tramite.objects.create(
            clave=declaracion.clave,
            version=declaracion.version,
            nombre=declaracion.nombre,
            declaracion=json.dumps(declaracion.como_json(), ensure_ascii=False),
            huella=huella,
            espera_respuesta=declaracion.espera_respuesta,
            vigente=True,
            importado_en=timezone.now(),
        )
    return Importado(declaracion.clave, declaracion.version, True)


def do_importar_tramite(texto: str) -> Importado:
    """Load one trámite file (see module docstring). ErrorDeclaracion when it cannot be."""
    return _importar(leer_declaracion(texto))


def asegurar_tramites() -> None:
    """Load every shipped declaration this database lacks (one query when none is missing)."""
    presentes = set(Tramite.objects.values_list("clave", "version"))
    for declaracion in declaraciones_base():
        if (declaracion.clave, declaracion.version) in presentes:
            continue
        try:
            _importar(declaracion)
        except IntegrityError:
            continue  # another process loaded it at the same moment


def vigentes() -> list[Tramite]:
    asegurar_tramites()
    return list(Tramite.objects.filter(vigente=True).order_by("nombre"))


def _vigente(clave: str) -> Tramite | None:
    # At most one vigente version per clave (tramite_un_vigente): nothing to order.
    return next(iter(Tramite.objects.filter(clave=clave, vigente=True).order_by()[:1]), None)


def vigente(clave: str) -> Tramite | None:
    tramite = _vigente(clave)
    if tramite is None:
        asegurar_tramites()
        tramite = _vigente(clave)
    return tramite


_declaraciones: dict[str, Declaracion] = {}


def declaracion_de(tramite: Tramite) -> Declaracion:
    """The stored declaration, parsed once per process (versions are immutable)."""
    declaracion = _declaraciones.get(tramite.huella)
    if declaracion is None:
        if len(_declaraciones) > 512:
            _declaraciones.clear()
        declaracion = _declaraciones[tramite.huella] = leer_declaracion(tramite.declaracion)
    return declaracion
