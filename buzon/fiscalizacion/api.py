"""Fiscalización (relación 7.8, 7.17, 7.18, 8): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["fiscalización"])
