"""Prima de riesgos de trabajo (LSS 71–74; relación 10.3, 10.4): the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["prima de riesgos de trabajo"])
