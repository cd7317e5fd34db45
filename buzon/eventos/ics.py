"""The particular's events as an iCalendar document (RFC 5545), written here (no dependency).

- Lines end in CRLF and are folded at 75 octets (3.1), never inside a UTF-8 character.
- TEXT values escape backslash, semicolon, comma and newline (3.3.11).
- Each event is an all-day VEVENT (DTSTART;VALUE=DATE, DTEND the next day, 3.6.1), with the UID
  of `selectors.uid` (stable when its date moves, so the calendar application updates it instead
  of duplicating it), a DTSTAMP in UTC, and an optional display VALARM at the reminder's instant.
- Nothing personal beyond what the owner's calendar needs: no RFC, no name, no notification
  subject; folios, registros patronales and the legal basis only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from buzon.eventos.selectors import Evento

PRODID = "-//Instituto Mexicano del Seguro Social//Buzon IMSS Calendario de eventos//ES"
LARGO_LINEA = 75


def escapar(texto: str) -> str:
    """RFC 5545 3.3.11 TEXT."""
    return (
        texto.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def doblar(linea: str) -> str:
    """RFC 5545 3.1: a content line longer than 75 octets is split with CRLF and one space; the
    continuation lines hold at most 74 octets after that space. Never splits a character."""
    partes: list[str] = []
    actual = ""
    limite = LARGO_LINEA
    for caracter in linea:
        if len((actual + caracter).encode("utf-8")) > limite:
            partes.append(actual)
            actual = ""
            limite = LARGO_LINEA - 1
        actual += caracter
    partes.append(actual)
    return "\r\n ".join(partes) + "\r\n"


def _fecha(dia: date) -> str:
    return dia.strftime("%Y%m%d")


def _instante(instante: datetime) -> str:
    return instante.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def documento(
    eventos: Sequence[Evento],
    ahora: datetime,
    alarmas: Mapping[str, datetime] | None = None,
    nombre: str = "Buzón IMSS: calendario de eventos",
) -> bytes:
    """The VCALENDAR of `eventos`; `alarmas` maps an event's UID to its reminder instant."""
    alarmas = alarmas or {}
    sello = _instante(ahora)
    lineas = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escapar(nombre)}",
        "X-WR-TIMEZONE:America/Mexico_City",
    ]
    for e in eventos:
        descripcion = f"Fundamento: {e.fundamento}."
        if e.detalle:
            descripcion += f"\n{e.detalle}"
        if e.registros:
            descripcion += f"\nRegistros patronales: {', '.join(e.registros)}."
        lineas += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{sello}",
            f"DTSTART;VALUE=DATE:{_fecha(e.fecha)}",
            f"DTEND;VALUE=DATE:{_fecha(e.fecha + timedelta(days=1))}",
            f"SUMMARY:{escapar(e.titulo)}",
            f"DESCRIPTION:{escapar(descripcion)}",
            f"CATEGORIES:{escapar(e.clase)}",
            "TRANSP:TRANSPARENT",
        ]
        alarma = alarmas.get(e.uid)
        if alarma is not None:
            lineas += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escapar('Recordatorio: ' + e.titulo)}",
                f"TRIGGER;VALUE=DATE-TIME:{_instante(alarma)}",
                "END:VALARM",
            ]
        lineas.append("END:VEVENT")
    lineas.append("END:VCALENDAR")
    return "".join(doblar(linea) for linea in lineas).encode("utf-8")
