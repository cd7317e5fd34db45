"""Opinión de cumplimiento API (relación 9.1–9.4; contract: POST /opinion, GET /opinion/{folio}/pdf,
POST /terceros/{rfc}/opinion, GET /publico/opinion/{rfc})."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["opinion"])
