"""The catalogue of notifiable acts as data (datos/actos.json, versioned), and from when each act
may be issued (Transitorio Segundo) [I-43].

Format: {"version", "fuente", "actos": [{"clave", "nombre", "es_requerimiento"?,
"desde_la_entrada_en_vigor"?}]}. A clave is a numeral of the relación de trámites (7.1, 7.18, and
acts published later: 7.19, 8.3), checked by its form, not against a fixed list. An import
replaces names and flags in one transaction, all or nothing, and never deletes an act
(notifications cite it): an act missing from the new file is deactivated.

Availability (`DisponibilidadActo`): an act marked `desde_la_entrada_en_vigor` (7.1–7.4) gets the
record "from the entry into force" when loaded; any other is offered from the date of the
Institute's announcement, recorded with `do_registrar_disponibilidad`. Issuing checks
`disponibles(instante).exigir(tipo)`; reads never write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.evidencia.bitacora import anotar
from buzon.habilitacion.selectors import entrada_en_vigor
from buzon.legal import plazos
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato import fecha_legible
from buzon.legal.rfc import normalizar_rfc
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import DisponibilidadActo, TipoActo

#: A numeral of the relación: 7.1, 7.18, 8.3, 10.1.2 (no leading zeros; fits `TipoActo.clave`).
_CLAVE = re.compile(r"^[1-9][0-9]?(?:\.[1-9][0-9]?){1,2}$")
#: The availability record of the acts offered from the entry into force (as migration 0009).
ANUNCIO_VIGOR = (
    "Disponible desde la entrada en vigor de los Lineamientos (Acuerdo Sexto): el Transitorio "
    "Segundo no lo sujeta a anuncio."
)


@dataclass(frozen=True)
class Documento:
    version: str
    fuente: str
    actos: list[dict[str, Any]]
    #: The claves offered from the entry into force (`desde_la_entrada_en_vigor`).
    desde_vigor: frozenset[str]


def _bandera(acto: dict[str, Any], nombre: str, i: int, clave: str) -> bool:
    valor = acto.get(nombre, False)
    if not isinstance(valor, bool):
        raise ErrorLegal(f"Acto {clave}: «{nombre}» debe ser true o false.", f"actos[{i}].{nombre}")
    return valor


def leer(texto: str) -> tuple[str, str, list[dict[str, Any]]]:
    """Version, source and acts (clave, nombre, es_requerimiento) of a catalogue document: the
    shape migration 0002 loads into its historical model."""
    documento = leer_documento(texto)
    return documento.version, documento.fuente, documento.actos


def leer_documento(texto: str) -> Documento:
    """Parse and check a catalogue document; every problem names its entry and field."""
    try:
        documento = json.loads(texto)
    except json.JSONDecodeError as exc:
        raise ErrorLegal(f"El catálogo no es JSON válido (línea {exc.lineno}).", "archivo") from exc
    if not isinstance(documento, dict) or not isinstance(documento.get("actos"), list):
        raise ErrorLegal("El catálogo debe ser un objeto con la lista «actos».", "actos")
    version, fuente = documento.get("version"), documento.get("fuente")
    if not isinstance(version, str) or not version.strip() or len(version.strip()) > 20:
        raise ErrorLegal(
            "Falta la «version» del catálogo (hasta 20 caracteres; por ejemplo, la fecha del DOF).",
            "version",
        )
    if not isinstance(fuente, str) or not fuente.strip() or len(fuente.strip()) > 300:
        raise ErrorLegal(
            "Falta la «fuente» del catálogo (la disposición que lo establece, hasta 300 "
            "caracteres).",
            "fuente",
        )
    vistos: set[str] = set()
    actos = []
    desde_vigor = set()
    for i, acto in enumerate(documento["actos"], start=1):
        if not isinstance(acto, dict):
            raise ErrorLegal(f"El acto {i} debe ser un objeto.", f"actos[{i}]")
        clave, nombre = acto.get("clave"), acto.get("nombre")
        if not isinstance(clave, str) or not _CLAVE.match(clave):
            raise ErrorLegal(
                f"Acto {i}: la clave debe ser el numeral del acto en la relación de trámites, "
                "como 7.1, 7.18 u 8.3 (números separados por punto, sin ceros a la izquierda).",
                f"actos[{i}].clave",
            )
        if clave in vistos:
            raise ErrorLegal(f"Acto {i}: la clave {clave} está repetida.", f"actos[{i}].clave")
        if not isinstance(nombre, str) or not nombre.strip() or len(nombre) > 300:
            raise ErrorLegal(
                f"Acto {clave}: escriba su nombre legal (hasta 300 caracteres).",
                f"actos[{i}].nombre",
            )
        vistos.add(clave)
        actos.append(
            {
                "clave": clave,
                "nombre": " ".join(nombre.split()),
                "es_requerimiento": _bandera(acto, "es_requerimiento", i, clave),
            }
        )
        if _bandera(acto, "desde_la_entrada_en_vigor", i, clave):
            desde_vigor.add(clave)
    return Documento(version.strip(), fuente.strip(), actos, frozenset(desde_vigor))


def do_importar_catalogo(texto: str) -> int:
    """Load a catalogue document (see module docstring); returns how many acts it holds."""
    documento = leer_documento(texto)
    fuente, version = documento.fuente, documento.version
    with transaction.atomic():
        for acto in documento.actos:
            TipoActo.objects.update_or_create(
                clave=acto["clave"],
                defaults={**acto, "fuente": fuente, "version": version, "activo": True},
            )
        claves = [a["clave"] for a in documento.actos]
        TipoActo.objects.exclude(clave__in=claves).update(activo=False)
        _desde_la_entrada_en_vigor(documento.desde_vigor, timezone.now())
    return len(documento.actos)


def _desde_la_entrada_en_vigor(claves: Iterable[str], ahora: datetime) -> None:
    """The record "from the entry into force" for those acts that have no record yet (an act
    already announced, or already recorded, keeps its history)."""
    sin_registro = TipoActo.objects.filter(clave__in=list(claves), disponibilidades__isnull=True)
    DisponibilidadActo.objects.bulk_create(
        DisponibilidadActo(tipo=t, desde=None, anuncio=ANUNCIO_VIGOR, registrado=ahora)
        for t in sin_registro
    )


def catalogo_base() -> str:
    return (
        resources.files("buzon.notificaciones").joinpath("datos", "actos.json").read_text("utf-8")
    )


def asegurar_catalogo() -> None:
    """Load the shipped catalogue when the table is empty (a flushed or restored database).
    Writes: called by the issuing service and `buzon notificaciones catalogo`, never by a read
    (migrations 0002 and 0009 load the catalogue; GET requests only read it)."""
    if not TipoActo.objects.exists():
        do_importar_catalogo(catalogo_base())


# -- availability (Transitorio Segundo) -------------------------------------------------------


@dataclass(frozen=True)
class Disponibilidad:
    """An active act and its availability as recorded now."""

    clave: str
    nombre: str
    es_requerimiento: bool
    #: The first day it may be issued (00:00 Zona Centro); None: not announced yet.
    desde: date | None
    #: Offered from the entry into force (7.1–7.4), not by an announcement.
    por_entrada_en_vigor: bool
    anuncio: str
    registrado_por: str
    registrado: datetime | None

    def a_json(self) -> dict[str, Any]:
        return {
            "desde": self.desde.isoformat() if self.desde else None,
            "por_entrada_en_vigor": self.por_entrada_en_vigor,
            "anuncio": self.anuncio or None,
            "registrado_por": self.registrado_por or None,
            "registrado": self.registrado.isoformat() if self.registrado else None,
        }


def disponibilidades(*, solo_activos: bool = True) -> dict[str, Disponibilidad]:
    """Every act (active ones by default) with its latest availability record, in catalogue
    order. Reads only: two queries."""
    vigor = entrada_en_vigor()
    tipos = TipoActo.objects.order_by("id")
    registros = DisponibilidadActo.objects.order_by("tipo_id", "-id")
    if solo_activos:
        tipos, registros = tipos.filter(activo=True), registros.filter(tipo__activo=True)
    ultimos: dict[int, DisponibilidadActo] = {}
    for registro in registros:
        ultimos.setdefault(registro.tipo_id, registro)
    resultado = {}
    for tipo in tipos:
        d = ultimos.get(tipo.pk)
        por_vigor = d is not None and d.desde is None
        resultado[tipo.clave] = Disponibilidad(
            clave=tipo.clave,
            nombre=tipo.nombre,
            es_requerimiento=tipo.es_requerimiento,
            desde=vigor if por_vigor else (d.desde if d is not None else None),
            por_entrada_en_vigor=por_vigor,
            anuncio=d.anuncio if d is not None else "",
            registrado_por=d.registrado_por if d is not None else "",
            registrado=d.registrado if d is not None else None,
        )
    return resultado


def listado() -> list[dict[str, Any]]:
    """Every act, active or not, with its availability: what `catalogo listar` prints."""
    actos = disponibilidades(solo_activos=False)
    filas = TipoActo.objects.order_by("id").values(
        "clave", "nombre", "fuente", "es_requerimiento", "activo", "version"
    )
    return [{**fila, "disponibilidad": actos[fila["clave"]].a_json()} for fila in filas]


class Disponibles:
    """The catalogue as issuing sees it at one instant: `exigir` refuses an act that is unknown,
    inactive, or not yet offered (Transitorio Segundo)."""

    def __init__(self, actos: dict[str, Disponibilidad], instante: datetime) -> None:
        self.actos = actos
        self.instante = instante

    def exigir(self, clave: str) -> None:
        acto = self.actos.get(clave)
        if acto is None:
            raise ErrorNotificacion(
                "tipo_invalido",
                f"«{clave}» no es un tipo de acto del catálogo vigente: escriba el numeral del "
                "acto en la relación de trámites (por ejemplo, 7.1); la lista está en "
                "GET /api/v1/oficina/catalogo.",
                "tipo",
            )
        if acto.desde is None:
            raise ErrorNotificacion(
                "acto_no_disponible",
                f"El acto {clave} («{acto.nombre}») aún no se ofrece en el Buzón IMSS: el "
                "Instituto no ha anunciado su disponibilidad (Transitorio Segundo de los "
                "Lineamientos). Notifíquelo por otro medio, o pida al administrador que "
                "registre el anuncio cuando se publique (buzon notificaciones catalogo "
                "disponibilidad).",
                "tipo",
                422,
            )
        if self.instante < plazos.a_las(acto.desde, time(0, 0)):
            origen = (
                "la entrada en vigor de los Lineamientos"
                if acto.por_entrada_en_vigor
                else f"el anuncio del Instituto: {acto.anuncio}"
            )
            raise ErrorNotificacion(
                "acto_no_disponible",
                f"El acto {clave} («{acto.nombre}») se ofrece en el Buzón IMSS desde el "
                f"{fecha_legible(acto.desde)} ({origen}); no puede emitirse antes de esa fecha.",
                "tipo",
                422,
            )


def disponibles(instante: datetime) -> Disponibles:
    """What `emision.servicios` checks each request against (loads the catalogue if the table
    is empty: issuing writes anyway)."""
    asegurar_catalogo()
    return Disponibles(disponibilidades(), instante)


@dataclass(frozen=True)
class Registro:
    disponibilidad: DisponibilidadActo
    nuevo: bool


def do_registrar_disponibilidad(
    clave: str, desde: date, anuncio: str, por: str, *, ahora: datetime | None = None
) -> Registro:
    """Record that the Institute announced act `clave` from `desde` (Transitorio Segundo), with
    its evidence-log entry, in one transaction. The same announcement again records nothing."""
    momento = ahora or timezone.now()
    try:
        rfc = normalizar_rfc(por, "por")
    except ErrorLegal as exc:
        raise ErrorNotificacion("dato_invalido", exc.mensaje, "por") from exc
    texto = " ".join(anuncio.split())
    if not 10 <= len(texto) <= 500:
        raise ErrorNotificacion(
            "anuncio_invalido",
            "Escriba el anuncio con que el Instituto dio a conocer el acto (medio, fecha y, si la "
            "tiene, la dirección en www.imss.gob.mx/buzonimss): de 10 a 500 caracteres.",
            "anuncio",
        )
    vigor = entrada_en_vigor()
    if desde < vigor:
        raise ErrorNotificacion(
            "fecha_invalida",
            f"El {fecha_legible(desde)} es anterior a la entrada en vigor de los Lineamientos "
            f"({fecha_legible(vigor)}): escriba la fecha desde la que el anuncio ofrece el acto.",
            "desde",
        )
    with transaction.atomic():
        tipo = TipoActo.objects.select_for_update().filter(clave=clave.strip()).first()
        if tipo is None or not tipo.activo:
            raise ErrorNotificacion(
                "tipo_invalido",
                f"«{clave}» no es un acto del catálogo vigente (buzon notificaciones catalogo "
                "listar); si el Instituto publicó uno nuevo, impórtelo antes (buzon "
                "notificaciones catalogo importar).",
                "clave",
            )
        actual = tipo.disponibilidades.order_by("-id").first()
        if actual is not None and actual.desde is None:
            raise ErrorNotificacion(
                "disponible_desde_la_entrada_en_vigor",
                f"El acto {tipo.clave} se ofrece desde la entrada en vigor de los Lineamientos "
                "(el Transitorio Segundo no lo sujeta a anuncio): no hay anuncio que registrar.",
                "clave",
            )
        if actual is not None and actual.desde == desde and actual.anuncio == texto:
            return Registro(actual, nuevo=False)
        registro = DisponibilidadActo.objects.create(
            tipo=tipo, desde=desde, anuncio=texto, registrado_por=rfc, registrado=momento
        )
        anotar(
            "catalogo_disponibilidad",
            tipo.clave,
            {
                "clave": tipo.clave,
                "nombre": tipo.nombre,
                "desde": desde.isoformat(),
                "anuncio": texto,
                "por": rfc,
                "registro": registro.pk,
            },
            momento,
        )
    return Registro(registro, nuevo=True)
