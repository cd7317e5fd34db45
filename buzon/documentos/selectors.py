"""Reading *Mis documentos*: every document the Institute issued to one particular (its RFC, the
session's own), newest first, and the documents for everyone.

One query per kind, whatever the page: each kind's rows are read ordered by date with only the
columns the list shows (`values`), up to the end of the asked page plus one; the kinds are merged
in memory and sliced. Each kind is read through the rule its owning app applies to its own list
and download, so a row here is always one its download link serves:

- emisiones: `Emision.rfc` is the session's (the holder's; a third party's authorisation is
  `cuotas`' own page);
- opiniones: held by the RFC, or obtained by it as authorised third party (`access_opinion`);
- acuses: `Acuse.rfc` is the session's, every type (`evidencia.tipos.titulo`) but the two listed
  under their own kind (`clases.TIPOS_CON_CLASE_PROPIA`);
- notified documents: the notifications the particular sees (`visibles_para_particular`) whose
  document it may download: opened, or notified, and not purged (as `notificaciones`' view);
- actuaciones: filed ones (with acuse).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from buzon.actuaciones.models import Actuacion
from buzon.comun.errores import ErrorBuzon
from buzon.cuotas.emisiones.modelos import Emision
from buzon.documentos.clases import (
    CLASES,
    EMISIONES,
    SENTIDOS,
    TIPOS_CON_CLASE_PROPIA,
    Clase,
)
from buzon.documentos.models import DocumentoPublico
from buzon.evidencia.models import Acuse
from buzon.evidencia.tipos import titulo as titulo_acuse
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.models import Notificacion, TipoActo
from buzon.notificaciones.selectors import filtro_estado, visibles_para_particular
from buzon.opinion.models import Opinion, TipoConsultante

POR_PAGINA = 25
MAXIMO_POR_PAGINA = 100
MAXIMA_PAGINA = 100
NO_ENCONTRADO = "No hay una guía ni un formato publicado con ese número: revise la lista."


@dataclass(frozen=True)
class Documento:
    """One row of *Mis documentos*: what it is, when, and what identifies it in its owning app
    (`clave`: the id or folio its download takes). `codigo`: the verification code of `folio`
    ("" when it has none)."""

    clase: str
    clave: str
    fecha: datetime
    titulo: str
    subtipo: str
    periodo: str
    registro_patronal: str
    folio: str
    codigo: str
    detalle: str = ""
    #: The row's primary key in its owning table: the order among rows of one instant.
    fila: int = 0


@dataclass(frozen=True)
class Filtro:
    clase: str = ""
    desde: date | None = None
    hasta: date | None = None

    def rango(self) -> tuple[datetime | None, datetime | None]:
        """[desde 00:00, hasta + 1 day 00:00) in the Zona Centro."""
        inicio = datetime.combine(self.desde, time(), ZONA_CENTRO) if self.desde else None
        fin = (
            datetime.combine(self.hasta + timedelta(days=1), time(), ZONA_CENTRO)
            if self.hasta
            else None
        )
        return inicio, fin


@dataclass(frozen=True)
class Pagina:
    documentos: list[Documento]
    numero: int
    tamano: int
    hay_mas: bool


def _dia(texto: str, campo: str) -> date | None:
    texto = texto.strip()
    if not texto:
        return None
    try:
        dia = date.fromisoformat(texto)
    except ValueError as exc:
        raise ErrorBuzon(
            "fecha_invalida", f"«{campo}» es un día AAAA-MM-DD, como 2026-03-31.", campo
        ) from exc
    if len(texto) != 10 or not 2000 <= dia.year <= 2999:
        raise ErrorBuzon("fecha_invalida", f"«{campo}» es un día AAAA-MM-DD de 2000 a 2999.", campo)
    return dia


def leer_filtro(clase: str, desde: str, hasta: str) -> Filtro:
    """The filters as typed (empty: not given); refuses each bad one naming its field."""
    clase = clase.strip()
    if clase and clase not in CLASES:
        raise ErrorBuzon(
            "tipo_invalido", f"«tipo» es uno de: {', '.join(CLASES)} (o vacío: todos).", "tipo"
        )
    inicio, fin = _dia(desde, "desde"), _dia(hasta, "hasta")
    if inicio and fin and inicio > fin:
        raise ErrorBuzon(
            "periodo_invalido",
            "«desde» es posterior a «hasta»: el periodo empieza el día «desde» y termina el día "
            "«hasta».",
            "desde",
        )
    return Filtro(clase, inicio, fin)


def leer_pagina(numero: int, tamano: int) -> tuple[int, int]:
    if not 1 <= numero <= MAXIMA_PAGINA:
        raise ErrorBuzon(
            "pagina_invalida",
            f"«pagina» va de 1 a {MAXIMA_PAGINA}: para ver documentos más antiguos, acote el "
            "periodo con «desde» y «hasta».",
            "pagina",
        )
    if not 1 <= tamano <= MAXIMO_POR_PAGINA:
        raise ErrorBuzon("tamano_invalido", f"«tamano» va de 1 a {MAXIMO_POR_PAGINA}.", "tamano")
    return numero, tamano


def _en_rango(consulta: QuerySet[Any], campo: str, filtro: Filtro) -> QuerySet[Any]:
    inicio, fin = filtro.rango()
    if inicio is not None:
        consulta = consulta.filter(**{f"{campo}__gte": inicio})
    if fin is not None:
        consulta = consulta.filter(**{f"{campo}__lt": fin})
    return consulta


def _emisiones(rfc: str, filtro: Filtro, n: int, ahora: datetime) -> QuerySet[Any]:
    filas = _en_rango(Emision.objects.filter(rfc=rfc), "generada", filtro)
    return filas.order_by("-generada", "-id").values(
        "id", "tipo", "periodo", "registro_patronal", "folio", "codigo_verificacion", "generada"
    )[:n]


def _emision(rfc: str, f: dict[str, Any]) -> Documento:
    return Documento(
        Clase.EMISION,
        str(f["id"]),
        f["generada"],
        f"{EMISIONES.get(f['tipo'], f['tipo'])}, periodo {f['periodo']}",
        f["tipo"],
        f["periodo"],
        f["registro_patronal"],
        f["folio"],
        f["codigo_verificacion"],
        fila=f["id"],
    )


def _opiniones(rfc: str, filtro: Filtro, n: int, ahora: datetime) -> QuerySet[Any]:
    propias = Q(rfc=rfc) | Q(consultante_tipo=TipoConsultante.TERCERO, consultante_rfc=rfc)
    # The acuse's code by a subquery on its primary key: evaluated for the rows returned only
    # (a join lets the planner hash the whole acuse table).
    codigo = Acuse.objects.filter(pk=OuterRef("acuse_id")).values("codigo_verificacion")[:1]
    filas = _en_rango(Opinion.objects.filter(propias), "emitida", filtro)
    consulta: QuerySet[Any] = (
        filas.annotate(codigo=Subquery(codigo))
        .order_by("-emitida", "-id")
        .values("id", "folio", "rfc", "sentido", "emitida", "codigo")[:n]
    )
    return consulta


def _opinion(rfc: str, f: dict[str, Any]) -> Documento:
    de_otro = f["rfc"] != rfc
    return Documento(
        Clase.OPINION,
        f["folio"],
        f["emitida"],
        "Opinión del cumplimiento de obligaciones fiscales en materia de seguridad social"
        + (f" de {f['rfc']}" if de_otro else ""),
        f["sentido"],
        "",
        "",
        f["folio"],
        f["codigo"] or "",
        f"Sentido: {SENTIDOS.get(f['sentido'], f['sentido'])}"
        + (" (obtenida como tercero autorizado)" if de_otro else ""),
        fila=f["id"],
    )


def _acuses(rfc: str, filtro: Filtro, n: int, ahora: datetime) -> QuerySet[Any]:
    filas = _en_rango(
        Acuse.objects.filter(rfc=rfc).exclude(tipo__in=TIPOS_CON_CLASE_PROPIA), "emitido", filtro
    )
    return filas.order_by("-emitido", "-id").values(
        "id", "folio", "tipo", "registro_patronal", "emitido", "codigo_verificacion"
    )[:n]


def _acuse(rfc: str, f: dict[str, Any]) -> Documento:
    return Documento(
        Clase.ACUSE,
        f["folio"],
        f["emitido"],
        titulo_acuse(f["tipo"]),
        f["tipo"],
        "",
        f["registro_patronal"],
        f["folio"],
        f["codigo_verificacion"],
        fila=f["id"],
    )


def descargables(rfc: str, ahora: datetime) -> QuerySet[Notificacion]:
    """The notifications whose document the particular may download now: those it sees, opened
    or notified, not purged (the rule of `notificaciones`' document view and API)."""
    return (
        visibles_para_particular(rfc, ahora)
        .filter(Q(abierta__isnull=False) | filtro_estado("notificada", ahora))
        .filter(depurada__isnull=True)
    )


def _notificaciones(rfc: str, filtro: Filtro, n: int, ahora: datetime) -> QuerySet[Any]:
    acto = TipoActo.objects.filter(clave=OuterRef("tipo")).values("nombre")[:1]
    filas = _en_rango(descargables(rfc, ahora), "aviso", filtro)
    consulta: QuerySet[Any] = (
        filas.annotate(acto=Subquery(acto))
        .order_by("-aviso", "-id")
        .values(
            "id",
            "folio",
            "tipo",
            "asunto",
            "registro_patronal",
            "aviso",
            "acto",
            "codigo_verificacion",
        )[:n]
    )
    return consulta


def _notificacion(rfc: str, f: dict[str, Any]) -> Documento:
    return Documento(
        Clase.NOTIFICACION,
        str(f["id"]),
        f["aviso"],
        f["asunto"],
        f["tipo"],
        "",
        f["registro_patronal"],
        f["folio"],
        f["codigo_verificacion"],
        f["acto"] or "",
        fila=f["id"],
    )


def _actuaciones(rfc: str, filtro: Filtro, n: int, ahora: datetime) -> QuerySet[Any]:
    codigo = Acuse.objects.filter(folio=OuterRef("acuse")).values("codigo_verificacion")[:1]
    filas = _en_rango(
        Actuacion.objects.filter(rfc=rfc, presentada__isnull=False).exclude(acuse=""),
        "presentada",
        filtro,
    )
    consulta: QuerySet[Any] = (
        filas.annotate(codigo=Subquery(codigo))
        .order_by("-presentada", "-id")
        .values("id", "acuse", "registro_patronal", "presentada", "tramite__nombre", "codigo")[:n]
    )
    return consulta


def _actuacion(rfc: str, f: dict[str, Any]) -> Documento:
    return Documento(
        Clase.ACTUACION,
        f["acuse"],
        f["presentada"],
        f"Acuse de recibo de actuación: {f['tramite__nombre']}",
        "actuacion",
        "",
        f["registro_patronal"],
        f["acuse"],
        f["codigo"] or "",
        fila=f["id"],
    )


@dataclass(frozen=True)
class Lector:
    """How one kind is read (its query, at most `n` rows, newest first), which column is its
    date, and how a row becomes a `Documento` (only the rows of the page asked are built)."""

    leer: Callable[[str, Filtro, int, datetime], QuerySet[Any]]
    fecha: str
    documento: Callable[[str, dict[str, Any]], Documento]


LECTORES: dict[str, Lector] = {
    Clase.EMISION: Lector(_emisiones, "generada", _emision),
    Clase.OPINION: Lector(_opiniones, "emitida", _opinion),
    Clase.ACUSE: Lector(_acuses, "emitido", _acuse),
    Clase.NOTIFICACION: Lector(_notificaciones, "aviso", _notificacion),
    Clase.ACTUACION: Lector(_actuaciones, "presentada", _actuacion),
}
_ORDEN = {c: i for i, c in enumerate(CLASES)}


def mis_documentos(
    rfc: str, filtro: Filtro, ahora: datetime, numero: int = 1, tamano: int = POR_PAGINA
) -> Pagina:
    """One page of the particular's documents, newest first (one query per kind asked). The
    kinds are merged by (date, kind, id): the order each kind's query uses within itself."""
    numero, tamano = leer_pagina(numero, tamano)
    inicio = (numero - 1) * tamano
    hasta = inicio + tamano + 1
    clases = [filtro.clase] if filtro.clase else list(CLASES)
    filas = [
        (f[LECTORES[c].fecha], -_ORDEN[c], f["id"], c, f)
        for c in clases
        for f in LECTORES[c].leer(rfc, filtro, hasta, ahora)
    ]
    filas.sort(key=lambda t: t[:3], reverse=True)
    documentos = [LECTORES[c].documento(rfc, f) for *_, c, f in filas[inicio : inicio + tamano]]
    return Pagina(documentos, numero, tamano, len(filas) > inicio + tamano)


def publicos() -> QuerySet[DocumentoPublico]:
    """The guides and formats in force (not withdrawn), newest first, without their bytes."""
    return (
        DocumentoPublico.objects.filter(retirado__isnull=True)
        .defer("contenido")
        .order_by("-publicado", "-id")
    )


def todos_los_publicos() -> QuerySet[DocumentoPublico]:
    """Every guide and format, withdrawn ones too (the officials' page)."""
    return DocumentoPublico.objects.defer("contenido").order_by("-publicado", "-id")


def access_publico(documento_id: int) -> DocumentoPublico:
    """A published (not withdrawn) guide or format, with its bytes; 404 otherwise."""
    documento = DocumentoPublico.objects.filter(pk=documento_id, retirado__isnull=True).first()
    if documento is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADO, "id", 404)
    return documento
