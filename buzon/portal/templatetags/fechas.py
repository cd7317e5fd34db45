"""Dates in templates, in lower-case Spanish, from the one helper (`legal.formato`).

Django's own `|date:"F"` writes the month capitalised in Spanish ("3 de Diciembre de 2026");
`{% load fechas %}` and `{{ dia|fecha }}` writes "3 de diciembre de 2026", `{{ instante|instante }}`
"3 de diciembre de 2026, 09:30:00 h, Zona Centro (UTC-06:00)".
"""

from __future__ import annotations

from datetime import date, datetime

from django import template

from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO

register = template.Library()


@register.filter
def fecha(valor: date | datetime | None) -> str:
    """A day (a datetime is read in the Zona Centro) as `3 de diciembre de 2026`."""
    if valor is None or valor == "":
        return ""
    if isinstance(valor, datetime):
        return fecha_legible(valor.astimezone(ZONA_CENTRO).date())
    return fecha_legible(valor)


@register.filter
def instante(valor: datetime | None) -> str:
    """An instant in the Zona Centro, with hour and offset."""
    if valor is None or valor == "":
        return ""
    return instante_legible(valor)
