"""Autorizaciones a terceros API (relación 9.1, 9.3; contract: /autorizaciones…)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["autorizaciones"])
