"""Reading the créditos fiscales, set-based, for the opinión de cumplimiento (one RFC or a
thousand per call) [I-66]."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Sum

from buzon.cobranza.models import CambioCredito, Credito
from buzon.legal.opinion import EXTINGUIDOS, CreditoOpinion

#: RFCs per query (each is one bound parameter).
BLOQUE_RFCS = 1_000


def creditos_de(rfcs: Sequence[str]) -> dict[str, list[CreditoOpinion]]:
    """The credits that count for the opinión of each RFC (canonical, `normalizar_rfc`): every
    one not `pagado` or `cancelado`, sorted by (registro, crédito); every RFC asked is in the
    answer ([] when it has none). One query per `BLOQUE_RFCS` RFCs on the (rfc, situacion)
    index."""
    salida: dict[str, list[CreditoOpinion]] = {rfc: [] for rfc in rfcs}
    lista = sorted(salida)
    for i in range(0, len(lista), BLOQUE_RFCS):
        filas = (
            Credito.objects.filter(rfc__in=lista[i : i + BLOQUE_RFCS])
            .exclude(situacion__in=EXTINGUIDOS)
            .order_by("rfc", "registro", "credito")
            .values_list(
                "rfc", "credito", "registro", "situacion", "importe", "concepto", "periodo"
            )
        )
        for rfc, credito, registro, situacion, importe, concepto, periodo in filas:
            salida[rfc].append(
                CreditoOpinion(credito, registro, situacion, importe, concepto, periodo)
            )
    return salida


def exigible_de(rfcs: Sequence[str]) -> dict[str, tuple[int, Decimal]]:
    """(how many, total amount) of the `exigible` credits of each RFC that has any, one
    aggregate per `BLOQUE_RFCS` RFCs answered from the (rfc, situacion) index range."""
    salida: dict[str, tuple[int, Decimal]] = {}
    lista = sorted(set(rfcs))
    for i in range(0, len(lista), BLOQUE_RFCS):
        filas = (
            Credito.objects.filter(
                rfc__in=lista[i : i + BLOQUE_RFCS], situacion=Credito.Situacion.EXIGIBLE
            )
            .order_by()
            .values("rfc")
            .annotate(cuantos=Count("id"), total=Sum("importe"))
            .values_list("rfc", "cuantos", "total")
        )
        for rfc, cuantos, total in filas:
            salida[rfc] = (int(cuantos), Decimal(total).quantize(Decimal("0.01")))
    return salida


def historia_de(credito: str) -> list[CambioCredito]:
    """Every change of one credit, oldest first, with its file ([] for an unknown credit)."""
    return list(
        CambioCredito.objects.filter(credito__credito=credito)
        .select_related("archivo")
        .order_by("id")
    )
