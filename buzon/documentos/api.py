"""Mis documentos (numeral 8; relación 4): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["mis documentos"])
