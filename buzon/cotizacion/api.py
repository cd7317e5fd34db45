"""Reporte Personalizado de Cotización y denuncia: the API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["reporte de cotización"])
