"""What the generation reads from the padrón and the afiliación ledger, one query per kind for a
whole chunk: its registros (employer RFC and minimum-wage zone), their movements up to the
period's last day (in registro, worker, date order), their primas in force, and workers' names.

A small adapter over the ledger's models (`buzon.cuotas.models`), kept here so the generation
depends on four functions, not on the ledger's layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from buzon.cuotas.emisiones.tipos import Registro
from buzon.cuotas.models import Asegurado, PrimaRT
from buzon.cuotas.models import Movimiento as MovimientoLedger
from buzon.legal.cuotas.movimientos import Movimiento
from buzon.legal.cuotas.periodos import Periodo
from buzon.padron.models import RegistroPatronal


def registros_entre(desde: str, hasta: str) -> dict[str, Registro]:
    filas = (
        RegistroPatronal.objects.filter(registro__gte=desde, registro__lte=hasta)
        .order_by("registro")
        .values_list("registro", "patron__rfc", "zona_salario", "pk")
    )
    return {r: Registro(r, rfc, zona, pk) for r, rfc, zona, pk in filas}


def movimientos_de(
    registros: Mapping[str, Registro], p: Periodo
) -> dict[tuple[str, str], list[Movimiento]]:
    """Every movement up to the period's end of the registros' workers, numbered 1, 2, … per
    worker in date order (the engine names a bad one by that number)."""
    if not registros:
        return {}
    filas = (
        MovimientoLedger.objects.filter(
            registro_id__in=[r.id for r in registros.values()], fecha__lte=p.fin
        )
        .order_by("registro__registro", "asegurado__nss", "fecha", "id")
        .values_list("registro__registro", "asegurado__nss", "tipo", "fecha", "sbc", "dias")
        .iterator(chunk_size=20000)
    )
    salida: dict[tuple[str, str], list[Movimiento]] = {}
    for registro, nss, tipo, fecha, sbc, dias in filas:
        lista = salida.setdefault((registro, nss), [])
        lista.append(Movimiento(len(lista) + 1, tipo, fecha, sbc, dias))
    return salida


def primas_de(registros: Mapping[str, Registro], p: Periodo) -> dict[str, Decimal | None]:
    """The prima in force on the period's first day: a prima runs from 1 March to the last day
    of February (LSS 74), so only one filed since the last 1 March counts; none is None (the
    engine then names the missing prima for every worker, who go to «por aclarar»)."""
    if not registros:
        return {}
    marzo = date(p.inicio.year if p.inicio.month >= 3 else p.inicio.year - 1, 3, 1)
    salida: dict[str, Decimal | None] = dict.fromkeys(registros)
    for registro, prima in (
        PrimaRT.objects.filter(
            registro_id__in=[r.id for r in registros.values()],
            vigente_desde__gte=marzo,
            vigente_desde__lte=p.inicio,
        )
        .order_by("registro__registro", "vigente_desde")
        .values_list("registro__registro", "prima")
    ):
        salida[registro] = prima  # the latest in force wins (ascending order)
    return salida


def nombres_de(nss: Iterable[str]) -> dict[str, str]:
    lista = list(nss)
    if not lista:
        return {}
    return dict(Asegurado.objects.filter(nss__in=lista).values_list("nss", "nombre"))
