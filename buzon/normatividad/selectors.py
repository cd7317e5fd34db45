"""Reading the library: texts, versions (the one in force on a date), articles. The law is public:
there is no owner, but a missing text or version is always the same 404 (`access_*` raise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone

from buzon.legal.zonas import ZONA_CENTRO
from buzon.normatividad.errores import ErrorNormatividad, no_encontrado
from buzon.normatividad.models import Articulo, Texto, Version


def hoy() -> date:
    """Today in Zona Centro: which version is in force is a date of the Mexican calendar."""
    return timezone.now().astimezone(ZONA_CENTRO).date()


def access_texto(clave: str) -> Texto:
    texto = Texto.objects.filter(clave=clave).first()
    if texto is None:
        raise no_encontrado("ese texto", "clave")
    return texto


def versiones_de(texto: Texto) -> QuerySet[Version]:
    return (
        Version.objects.filter(texto=texto)
        .annotate(num_articulos=Count("articulos"))
        .order_by("-numero")
        .defer("contenido")
    )


def access_version(texto: Texto, numero: int) -> Version:
    version = Version.objects.filter(texto=texto, numero=numero).select_related("texto").first()
    if version is None:
        raise no_encontrado("esa versión del texto", "version")
    return version


def vigente_en(texto: Texto, fecha: date | None = None) -> Version | None:
    """The version in force on `fecha` (today): the latest in force by then (None: none yet)."""
    return (
        Version.objects.filter(texto=texto, vigente_desde__lte=fecha or hoy())
        .order_by("-vigente_desde", "-numero")
        .select_related("texto")
        .first()
    )


def vigentes_en(fecha: date | None = None) -> list[Version]:
    """Each text's version in force on `fecha` (today), set-based: one query."""
    dia = fecha or hoy()
    filas = (
        Version.objects.filter(vigente_desde__lte=dia)
        .order_by("texto_id", "-vigente_desde", "-numero")
        .select_related("texto")
        .defer("contenido")
    )
    elegidas: dict[int, Version] = {}
    for version in filas:
        elegidas.setdefault(version.texto_id, version)
    return sorted(elegidas.values(), key=lambda v: v.texto.nombre)


@dataclass(frozen=True)
class Ficha:
    """A text for the index: its versions and the one in force today (None: not yet in force)."""

    texto: Texto
    versiones: int
    vigente: Version | None


def biblioteca() -> list[Ficha]:
    vigentes = {v.texto_id: v for v in vigentes_en()}
    textos = Texto.objects.annotate(n=Count("versiones")).order_by("nombre")
    return [Ficha(t, t.n, vigentes.get(t.pk)) for t in textos]


def articulos_de(version: Version) -> QuerySet[Articulo]:
    return Articulo.objects.filter(version=version).order_by("orden").defer("texto_normal")


def fecha_de_consulta(valor: str, campo: str = "fecha") -> date | None:
    """An optional AAAA-MM-DD from a query string (empty: none)."""
    valor = valor.strip()
    if not valor:
        return None
    try:
        dia = date.fromisoformat(valor)
    except ValueError:
        dia = None
    if dia is None or len(valor) != 10 or not 2000 <= dia.year <= 2999:
        raise ErrorNormatividad(
            "consulta_invalida", "La fecha va como AAAA-MM-DD (años 2000 a 2999).", campo
        )
    return dia
