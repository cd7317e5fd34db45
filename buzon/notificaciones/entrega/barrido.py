"""Materialising notifications already made: their acuse and timeline event (7.4, 7.5, CFF 139).

The state never waits for this: reads derive "notificada" from the stored instants. `barrer`
only writes what is already true, so it is idempotent, and safe to run concurrently: rows are
claimed with SKIP LOCKED on PostgreSQL (two sweeps split the work and never both take a row) and
SQLite serialises writers; a row is materialised only while its `acuse` is still empty.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buzon.evidencia.copia import actualizar
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuses
from buzon.legal import plazos
from buzon.legal.notificacion import (
    POR_APERTURA,
    POR_ESTRADOS,
    POR_PERSONAL,
    POR_VENCIMIENTO,
)
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.hechos import documento_notificado
from buzon.notificaciones.models import Notificacion

LOTE = 500

#: The acuse type of each way of being notified.
TIPO_ACUSE = {
    POR_APERTURA: "notificacion",
    POR_VENCIMIENTO: "notificacion_por_vencimiento",
    POR_ESTRADOS: "notificacion_estrados",
    POR_PERSONAL: "notificacion_personal",
}


def hecha(n: Notificacion) -> tuple[datetime, str] | None:
    """When and how `n` is made once its facts are fixed: by an opening (even if its legal
    instant is still ahead, e.g. opened at night: notified at 09:30 of the next día hábil), by
    vencimiento, by estrados or personally. None while nothing has fixed it."""
    candidatos: list[tuple[datetime, str]] = []
    if n.ruta == Notificacion.Ruta.BUZON:
        if n.vence is not None:  # no aviso sent, no deemed instant (7.3 [I-35])
            candidatos.append((n.vence, POR_VENCIMIENTO))
        if n.apertura_legal is not None:
            candidatos.append((n.apertura_legal, POR_APERTURA))
    elif n.ruta == Notificacion.Ruta.ESTRADOS:
        assert n.estrados_notificada is not None
        candidatos.append((n.estrados_notificada, POR_ESTRADOS))
    elif n.personal_notificada is not None:
        candidatos.append((n.personal_notificada, POR_PERSONAL))
    if not candidatos:
        return None
    return min(candidatos, key=lambda c: (c[0], c[1] != POR_APERTURA))


def materializar(notificaciones: list[Notificacion], ahora: datetime) -> int:
    """Issue the acuse of each notification already made or fixed (caller holds the rows)."""
    listas = []
    for n in notificaciones:
        if n.acuse or n.cancelada is not None:
            continue
        resultado = hecha(n)
        if resultado is None:
            continue
        instante, medio = resultado
        # An opening fixes how it is made, even when the deemed instant comes first (opened
        # before 09:30 of d4, 7.2 places it on d5 [I-29]): its acuse is issued at once.
        if medio != POR_APERTURA and n.abierta is None and instante > ahora:
            continue
        listas.append((n, instante, medio))
    if not listas:
        return 0
    acuses = do_emitir_acuses(
        [
            SolicitudAcuse(
                tipo=TIPO_ACUSE[medio],
                rfc=n.rfc,
                registro_patronal=n.registro_patronal or None,
                documentos=[documento_notificado(n)],
                datos={
                    "notificacion": n.folio,
                    "tipo_acto": n.tipo,
                    "asunto": n.asunto,
                    "emisor": n.emisor,
                    "medio": medio,
                    "aviso": n.aviso.isoformat() if n.aviso else None,
                    "abierta": n.abierta.isoformat() if n.abierta else None,
                },
                instante_legal=instante,
                zona_legal=n.zona,
            )
            for n, instante, medio in listas
        ]
    )
    hechos = []
    for (n, instante, medio), acuse in zip(listas, acuses, strict=True):
        n.notificada, n.medio, n.acuse = instante, medio, acuse.folio
        n.conservar_hasta = max(n.conservar_hasta, plazos.conservar_hasta(instante))
        hechos.append((n, Hecho("notificada", instante, {"medio": medio, "acuse": acuse.folio})))
    actualizar(
        Notificacion, [n for n, _, _ in listas], ["notificada", "medio", "acuse", "conservar_hasta"]
    )
    registrar(hechos)
    return len(listas)


#: Per route, the due condition and the column whose partial index gives the claim's order
#: (notif_por_vencer_idx, notif_estrados_pend_idx): each chunk is an index range scan,
#: never a sort of every due row.
def _rutas(momento: datetime) -> list[tuple[Q, str]]:
    return [
        (Q(ruta=Notificacion.Ruta.BUZON, vence__lte=momento), "vence"),
        (
            Q(ruta=Notificacion.Ruta.ESTRADOS, estrados_notificada__lte=momento),
            "estrados_notificada",
        ),
    ]


#: The only columns `materializar` (with `hecha` and `documento_notificado`) reads or writes: a
#: sweep loads 500 rows a chunk, and converting the other ~40 columns of each (dates, JSON) made
#: reading a row 85 µs instead of 45 µs (of ≈ 650 µs a notification, mostly the acuse's seal).
#: Reading any other field of these rows would cost a query per row: the tests count queries.
LEIDAS = (
    "id",
    "folio",
    "rfc",
    "registro_patronal",
    "tipo",
    "asunto",
    "emisor",
    "documento_sha256",
    "zona",
    "ruta",
    "aviso",
    "vence",
    "abierta",
    "apertura_legal",
    "estrados_notificada",
    "personal_notificada",
    "notificada",
    "medio",
    "acuse",
    "cancelada",
    "conservar_hasta",
)


def barrer_notificaciones(ahora: datetime | None = None, lote: int = LOTE) -> int:
    """Materialise every notification made by vencimiento or estrados by now; returns how many."""
    total = 0
    momento = ahora or timezone.now()
    for vencida, orden in _rutas(momento):
        while True:
            with transaction.atomic():
                chunk = list(
                    Notificacion.objects.select_for_update(skip_locked=True)
                    .filter(vencida, notificada__isnull=True, cancelada__isnull=True)
                    .only(*LEIDAS)
                    .order_by(orden)[:lote]
                )
                hechas = materializar(chunk, momento)
            total += hechas
            if len(chunk) < lote or hechas == 0:
                break
    return total
