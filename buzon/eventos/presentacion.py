"""How events are shown (API, pages, .ics): the reminder's day of each, the range asked, the
wording of a class. Shared by `api`, `vistas` and the feed."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from buzon.calendario.selectors import calendario_para
from buzon.eventos.errores import ErrorEventos
from buzon.eventos.preferencias import NOTIFICACION, OBLIGACION, REQUERIMIENTO, Ajustes
from buzon.eventos.selectors import MAXIMO_DIAS, Evento, dia_del_recordatorio
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato import MESES, fecha_legible
from buzon.legal.zonas import zona
from buzon.padron.selectors import ambito_de, zonas_de

NOMBRES_CLASE = {
    OBLIGACION: "Obligación",
    NOTIFICACION: "Notificación por abrir",
    REQUERIMIENTO: "Requerimiento",
}
#: The hour (domicile's zone) a reminder's alarm rings in the calendar application.
HORA_ALARMA = time(9, 0)
#: Days shown when no range is asked: today and the next 90.
DIAS_POR_OMISION = 90
_DIA = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})?\s*$")


def leer_dia(texto: str, campo: str) -> date | None:
    """An optional AAAA-MM-DD (empty: not given)."""
    encontrado = _DIA.fullmatch(texto or "")
    if encontrado is None:
        raise ErrorEventos("fecha_invalida", f"«{campo}» debe ser AAAA-MM-DD.", campo)
    if encontrado.group(1) is None:
        return None
    try:
        dia = date.fromisoformat(encontrado.group(1))
    except ValueError as exc:
        raise ErrorEventos("fecha_invalida", f"«{campo}» no es una fecha real.", campo) from exc
    if not 2000 <= dia.year <= 2999:
        raise ErrorEventos("fecha_invalida", f"«{campo}» debe estar entre 2000 y 2999.", campo)
    return dia


def rango(desde_texto: str, hasta_texto: str, hoy: date) -> tuple[date, date]:
    """The range asked, by default today and the next 90 days; at most 800 days."""
    desde = leer_dia(desde_texto, "desde") or hoy
    hasta = leer_dia(hasta_texto, "hasta") or desde + timedelta(days=DIAS_POR_OMISION)
    if hasta < desde:
        raise ErrorEventos("rango_invalido", "«hasta» es anterior a «desde»: corríjalo.", "hasta")
    if (hasta - desde).days > MAXIMO_DIAS:
        raise ErrorEventos(
            "rango_invalido",
            f"Consulte a lo más {MAXIMO_DIAS} días a la vez: acorte el periodo.",
            "hasta",
        )
    return desde, hasta


def recordatorios_de(rfc: str, eventos: list[Evento], ajustes: Ajustes) -> dict[str, date]:
    """The day (domicile's zone) each event's reminder is due, per the preferences."""
    calendario = calendario_para(ambito_de(rfc))
    salida: dict[str, date] = {}
    for e in eventos:
        anticipacion = ajustes.anticipacion(e.clase)
        if anticipacion is not None:
            try:
                salida[e.uid] = dia_del_recordatorio(e, anticipacion, calendario)
            except (ErrorLegal, OverflowError):
                continue
    return salida


def alarmas_de(rfc: str, recordatorios: dict[str, date]) -> dict[str, datetime]:
    """The reminder days as instants: 09:00 in the domicile's zone (the .ics VALARM)."""
    tz = zona(zonas_de([rfc])[rfc])
    return {
        uid: datetime.combine(dia, HORA_ALARMA, tzinfo=tz) for uid, dia in recordatorios.items()
    }


def como_json(e: Evento, recordatorio: date | None) -> dict[str, Any]:
    return {
        "uid": e.uid,
        "clase": e.clase,
        "clave": e.clave,
        "fecha": e.fecha,
        "titulo": e.titulo,
        "fundamento": e.fundamento,
        "detalle": e.detalle,
        "registros_patronales": list(e.registros),
        "folio": e.folio or None,
        "recordatorio": recordatorio,
    }


def para_pagina(e: Evento, recordatorio: date | None) -> dict[str, Any]:
    return {
        **como_json(e, recordatorio),
        "clase_legible": NOMBRES_CLASE.get(e.clase, e.clase),
        "fecha_legible": fecha_legible(e.fecha),
        "recordatorio_legible": fecha_legible(recordatorio) if recordatorio else "",
    }


def por_mes(filas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events grouped by month, for the page's list view."""
    meses: list[dict[str, Any]] = []
    for fila in filas:
        dia: date = fila["fecha"]
        nombre = f"{MESES[dia.month - 1].capitalize()} de {dia.year}"
        if not meses or meses[-1]["nombre"] != nombre:
            meses.append({"nombre": nombre, "eventos": []})
        meses[-1]["eventos"].append(fila)
    return meses
