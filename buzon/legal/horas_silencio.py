"""Quiet hours for courtesy SMS (issue 15): no SMS between 21:00 and 08:00 in the recipient's
domicile zone; a message due inside them is held until 08:00 of the recipient's morning.

No numeral rules it: the Lineamientos say nothing of the hour of a courtesy aviso, and a
government system that wakes people at night is one nobody keeps their mobile in (I-97).
Email is never held (it waits in the inbox). The zone is the domicile's (numeral 5.8), read
from the pinned tzdata (`legal.zonas`).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import zona

INICIO_SILENCIO = time(21, 0)
FIN_SILENCIO = time(8, 0)


def en_silencio(instante: datetime, zona_nombre: str) -> bool:
    """True when `instante` falls between 21:00 (included) and 08:00 (excluded) local time."""
    local = _local(instante, zona_nombre).time()
    return local >= INICIO_SILENCIO or local < FIN_SILENCIO


def siguiente_permitido(instante: datetime, zona_nombre: str) -> datetime:
    """`instante` itself outside quiet hours; else 08:00 of the next local morning (aware, in
    the recipient's zone). A DST change in between is handled by building the local wall time
    08:00 in the zone, not by adding hours."""
    tz = zona(zona_nombre)
    local = _local(instante, zona_nombre)
    if not en_silencio(instante, zona_nombre):
        return instante
    dia = local.date() if local.time() < FIN_SILENCIO else local.date() + timedelta(days=1)
    return datetime.combine(dia, FIN_SILENCIO, tzinfo=tz)


def _local(instante: datetime, zona_nombre: str) -> datetime:
    if instante.tzinfo is None or instante.utcoffset() is None:
        raise ErrorLegal("El instante debe llevar zona horaria (aware).", "instante")
    return instante.astimezone(zona(zona_nombre))
