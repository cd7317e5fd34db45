"""Normatividad (relación 3): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["normatividad"])
