"""Legal instants written out for people, in Spanish (acuses, pages, messages)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from buzon.legal.zonas import ZONA_CENTRO, ZONA_CENTRO_NOMBRE

MESES = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
#: Legal names of Mexico's time zones (Ley del Sistema de Horario en los Estados Unidos Mexicanos).
NOMBRES_DE_ZONA = {
    ZONA_CENTRO_NOMBRE: "Zona Centro",
    "America/Cancun": "Zona Sureste",
    "America/Mazatlan": "Zona Pacífico",
    "America/Hermosillo": "Zona Pacífico",
    "America/Tijuana": "Zona Noroeste",
}


def fecha_legible(dia: date) -> str:
    """20 de marzo de 2026"""
    return f"{dia.day} de {MESES[dia.month - 1]} de {dia.year}"


def instante_legible(instante: datetime, zona: ZoneInfo = ZONA_CENTRO) -> str:
    """20 de marzo de 2026, 09:30:00 h, Zona Centro (UTC-06:00)"""
    local = instante.astimezone(zona)
    desfase = local.strftime("%z")
    nombre = NOMBRES_DE_ZONA.get(str(zona.key), str(zona.key))
    return (
        f"{fecha_legible(local.date())}, {local:%H:%M:%S} h, "
        f"{nombre} (UTC{desfase[:3]}:{desfase[3:]})"
    )
