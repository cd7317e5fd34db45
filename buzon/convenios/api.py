"""Agencies' web service (convenios; contract: POST /convenios/token, POST /convenios/opiniones)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["convenios"])
