"""Claiming due messages for one delivery pass (see `entrega` for the whole protocol).

On PostgreSQL the due rows are picked with `SELECT … FOR UPDATE SKIP LOCKED` (two workers never wait
for nor take the same row); on both databases the claim itself is a conditional `UPDATE` that
re-checks "still due" and writes a lease (`reclamado_por`, `reclamado_hasta`). A lease that ran out
(its worker died) is claimed again and that lost attempt recorded as `abandonado`; its last allowed
attempt is dead-lettered instead. Each scan follows one index (`avisos_msj_arriendos`,
`avisos_msj_pendientes`), so a claim costs the same with a million messages due.

An outbox's statistics are often stale (it fills by the thousand between two autovacuum ANALYZEs,
or was analysed while every message was sent): the planner then expects a few dozen due rows and
prefers a bitmap scan plus a sort of every due row (with 150,000 due, 80 ms and a 7 MB external
sort per pass, against 0.1 ms). The candidate scans are therefore planned with `enable_sort` off
for their own statements only (`comun.planes.en_orden_del_indice`): the index order is the
only plan left.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from buzon.avisos.models import Intento, Mensaje
from buzon.avisos.resultados import ResultadoFinal, avisar_resultados
from buzon.comun.planes import en_orden_del_indice

#: How long a claim lasts. A worker stops sending when less than `_margen()` of it is left.
ARRIENDO = timedelta(minutes=5)
E = Mensaje.Estado
R = Intento.Resultado


def max_intentos() -> int:
    return int(getattr(settings, "BUZON_AVISOS_INTENTOS", 8))


def _por_entregar(ahora: datetime) -> Q:
    return Q(estado=E.PENDIENTE, proximo_intento__lte=ahora) | Q(
        estado=E.ENVIANDO, reclamado_hasta__lt=ahora
    )


def _candidatos(corte: datetime, limite: int) -> list[tuple[int, str, int]]:
    """(pk, estado, intentos) of up to `limite` due messages: run-out leases first, then pending
    ones by due instant. Two scans, each in its index's order (an OR of both reads every row)."""
    campos = ("pk", "estado", "intentos")
    por_estado = (
        (Q(estado=E.ENVIANDO, reclamado_hasta__lt=corte), ("reclamado_hasta", "id")),
        (Q(estado=E.PENDIENTE, proximo_intento__lte=corte), ("proximo_intento", "id")),
    )
    filas: list[tuple[int, str, int]] = []
    with en_orden_del_indice():
        for condicion, orden in por_estado:
            if len(filas) < limite:
                consulta = Mensaje.objects.filter(condicion).order_by(*orden)
                filas += _bloquear(consulta).values_list(*campos)[: limite - len(filas)]
    return filas


def _bloquear(consulta: Any) -> Any:
    if connection.features.has_select_for_update_skip_locked:
        return consulta.select_for_update(skip_locked=True)
    return consulta  # SQLite: BEGIN IMMEDIATE serialises writers; the UPDATE re-checks anyway


def _enterrar_abandonados(ahora: datetime) -> int:
    """Messages whose last allowed attempt was claimed by a worker that never finished."""
    tope = max_intentos()
    condicion = Q(estado=E.ENVIANDO, reclamado_hasta__lt=ahora, intentos__gte=tope)
    filas = list(
        _bloquear(Mensaje.objects.filter(condicion)).values_list(
            "pk", "intentos", "clave", "canal", "destino"
        )
    )
    if not filas:
        return 0
    Mensaje.objects.filter(condicion, pk__in=[f[0] for f in filas]).update(
        estado=E.MUERTO,
        reclamado_por="",
        reclamado_hasta=None,
        ultimo_error="El último intento no terminó (el trabajador se detuvo).",
        actualizado=ahora,
    )
    Intento.objects.bulk_create(
        [
            Intento(
                mensaje_id=pk,
                numero=n,
                instante=ahora,
                resultado=R.ABANDONADO,
                respuesta="El trabajador no registró el resultado antes de que venciera su turno.",
            )
            for pk, n, *_ in filas
        ]
    )
    avisar_resultados(
        [
            ResultadoFinal(
                clave, canal, destino, ahora, False, None, "El último intento no terminó."
            )
            for _, _, clave, canal, destino in filas
        ]
    )
    return len(filas)


def reclamar(
    limite: int, token: str, corte: datetime | None = None
) -> tuple[list[Mensaje], datetime, int]:
    """Claim up to `limite` messages due by `corte` (default: now) for `token`. Returns them, the
    lease end and how many messages were dead-lettered because their last attempt was abandoned.
    """
    ahora = timezone.now()
    hasta = ahora + ARRIENDO
    vencidos = _por_entregar(corte or ahora)
    with transaction.atomic():
        muertos = _enterrar_abandonados(ahora)
        candidatos = _candidatos(corte or ahora, limite)
        if not candidatos:
            return [], hasta, muertos
        Mensaje.objects.filter(vencidos, pk__in=[c[0] for c in candidatos]).update(
            estado=E.ENVIANDO,
            reclamado_por=token,
            reclamado_hasta=hasta,
            intentos=F("intentos") + 1,
            actualizado=ahora,
        )
        # Re-read by primary key (the token only confirms the claim), ordered here: 100 rows.
        mensajes = sorted(
            Mensaje.objects.filter(pk__in=[c[0] for c in candidatos], reclamado_por=token),
            key=lambda m: (m.proximo_intento, m.pk),
        )
        antes = {pk: (estado, n) for pk, estado, n in candidatos}
        Intento.objects.bulk_create(
            [
                Intento(
                    mensaje_id=m.pk,
                    numero=antes[m.pk][1],
                    instante=ahora,
                    resultado=R.ABANDONADO,
                    respuesta="El trabajador no registró el resultado antes de que venciera su "
                    "turno; se reintenta.",
                )
                for m in mensajes
                if antes[m.pk][0] == E.ENVIANDO
            ]
        )
    return mensajes, hasta, muertos
