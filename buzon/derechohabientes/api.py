"""Derechohabientes (LSS 5 A XXIV; relación 4.2, 4.3, 10.5, 10.6): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["derechohabientes"])
