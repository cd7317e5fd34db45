"""The Reporte Personalizado de Cotización demo: one asegurado of the ledger (the cuotas demo's
workers, already imported) subscribed for an RFC, and the reports of the last two complete months
generated as `buzon cotizacion generar --periodo P` does (idempotent: a second run adds nothing).
The worker then sees them at /cotizacion/ after logging in with an e.firma whose CURP is the
asegurado's, and can denounce from a row."""

from __future__ import annotations

from datetime import date, timedelta

from buzon.cotizacion.generacion import do_generar_reportes
from buzon.cotizacion.servicios import do_suscribir_asegurado
from buzon.cuotas.models import Asegurado


def periodos(hoy: date) -> tuple[str, str]:
    """The last two complete months before `hoy`."""
    ultimo = (hoy.replace(day=1) - timedelta(days=1)).replace(day=1)
    penultimo = (ultimo - timedelta(days=1)).replace(day=1)
    return f"{penultimo:%Y-%m}", f"{ultimo:%Y-%m}"


def cargar_cotizacion(hoy: date, nss: str, rfc: str) -> dict[str, dict[str, object]]:
    """Subscribe asegurado `nss` (in the ledger) for the worker's RFC `rfc`, then generate the
    reports of the last two complete months for every subscriber. Returns what was done."""
    asegurado = Asegurado.objects.get(nss=nss)
    do_suscribir_asegurado(asegurado, rfc)
    return {p: do_generar_reportes(p).como_json() for p in periodos(hoy)}
