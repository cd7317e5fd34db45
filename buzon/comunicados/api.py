"""Mis comunicados (numeral 8; relación 5): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["comunicados"])
