"""Helpers for the legal tests: instants written as the law reads them."""

from __future__ import annotations

from datetime import date, datetime

from buzon.legal.zonas import ZONA_CENTRO, zona


def zc(texto: str) -> datetime:
    """'2026-03-13 10:00[:00[.ffffff]]' as a Zona Centro instant."""
    return datetime.fromisoformat(texto).replace(tzinfo=ZONA_CENTRO)


def en(nombre_zona: str, texto: str) -> datetime:
    return datetime.fromisoformat(texto).replace(tzinfo=zona(nombre_zona))


def d(texto: str) -> date:
    return date.fromisoformat(texto)
