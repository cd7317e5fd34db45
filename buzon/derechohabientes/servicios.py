"""Issuing the worker's constancias (relación 4.2, 4.3, 10.5, 10.6): computed from the ledger,
sealed as an acuse (logged in the evidence log) and stored, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.cuentas.models import Sesion
from buzon.cuotas.models import Asegurado
from buzon.derechohabientes import calculo
from buzon.derechohabientes.models import Constancia
from buzon.derechohabientes.selectors import access_asegurado
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.evidencia.tipos import TipoAcuse
from buzon.legal.zonas import ZONA_CENTRO

#: The facts of each constancia that go into its acuse's cadena original (and so its sello).
CAMPOS_SELLADOS: dict[str, tuple[str, ...]] = {
    Constancia.Tipo.SEMANAS: (
        "nss",
        "curp",
        "fecha_corte",
        "dias_reconocidos",
        "semanas_cotizadas",
        "dias_restantes",
        "semanas_descontadas",
        "semanas_reintegradas",
        "semanas_netas",
    ),
    Constancia.Tipo.VIGENCIA: ("nss", "curp", "fecha_corte", "estado", "hasta", "motivo"),
}


def _sellable(valor: Any) -> str | int | bool | None:
    return valor if valor is None or isinstance(valor, bool | int | str) else str(valor)


def _emitir(
    sesion: Sesion, tipo: str, calcular: Callable[[Asegurado, date], dict[str, Any]]
) -> Constancia:
    asegurado = access_asegurado(sesion)
    with transaction.atomic():
        ahora = timezone.now()
        datos = calcular(asegurado, ahora.astimezone(ZONA_CENTRO).date())
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo=tipo,
                rfc=sesion.rfc,
                datos={c: _sellable(datos[c]) for c in CAMPOS_SELLADOS[tipo]},
                emitido=ahora,
            )
        )
        return Constancia.objects.create(
            folio=acuse.folio,
            tipo=tipo,
            asegurado=asegurado,
            rfc=sesion.rfc,
            emitida=acuse.emitido,
            datos=datos,
            acuse=acuse,
        )


def do_emitir_semanas(sesion: Sesion) -> Constancia:
    """A fresh constancia de semanas cotizadas of the session's worker."""
    return _emitir(sesion, TipoAcuse.SEMANAS_COTIZADAS, calculo.semanas)


def do_emitir_vigencia(sesion: Sesion) -> Constancia:
    """A fresh constancia de vigencia de derechos of the session's worker."""
    return _emitir(sesion, TipoAcuse.VIGENCIA_DERECHOS, calculo.vigencia)
