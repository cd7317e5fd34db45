"""Calendario de eventos y recordatorios (relación 2): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["calendario de eventos"])
