"""An aviso that reached no medio never deems a notification (7.3, 7.8 [I-35]): it is rerouted to
estrados (CFF 139, published the day of the reroute) or, while the 180 días of Transitorio Primero
run, to personal notification (7.10), with a `reencaminada` timeline event and an evidence-log
entry, in the transaction that decides it.

Two causes: no confirmed medio left when the aviso was dispatched (`despacho`, at once), or no
provider accepted it: every medio dead, or 24 hours of retries gone by (`reencaminar_sin_aceptar`,
the background pass: set-based, rows claimed with SKIP LOCKED, idempotent). An acceptance that
arrives later is recorded and changes nothing (`aceptacion`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buzon.comun.planes import en_orden_del_indice
from buzon.evidencia.bitacora import Evento as EventoBitacora
from buzon.evidencia.bitacora import anotar_varios
from buzon.evidencia.copia import actualizar
from buzon.legal.calendario import Calendario
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.models import Notificacion

#: How long the providers have to accept an aviso before the notification is rerouted.
ESPERA_ACEPTACION = timedelta(hours=24)
LOTE = 500
CAMPOS = ("ruta", "estrados_publicada", "estrados_fin", "estrados_notificada")


def reencaminar(notificaciones: Sequence[Notificacion], razon: str, ahora: datetime) -> int:
    """Reroute `notificaciones` (the caller holds their rows, in its transaction)."""
    if not notificaciones:
        return 0
    calendarios: dict[tuple[str, str], Calendario] = {}
    hechos: list[tuple[Notificacion, Hecho]] = []
    bitacora = []
    for n in notificaciones:
        clave = (n.entidad, n.subdelegacion_patron)
        if clave not in calendarios:
            calendarios[clave] = ruteo.calendario_de(*clave)
        decision = ruteo.reencaminar(razon, ahora, calendarios[clave])
        n.ruta = decision.ruta
        n.estrados_publicada = decision.estrados_publicada
        n.estrados_fin = decision.estrados_fin
        n.estrados_notificada = decision.estrados_notificada
        datos = {
            "razon": razon,
            "motivo": decision.motivo,
            "fundamento": "Lineamientos 7.8",
            "ruta": n.ruta,
            "medios": list(n.aviso_medios),
        }
        hechos.append((n, Hecho("reencaminada", ahora, datos)))
        if n.ruta == Notificacion.Ruta.ESTRADOS:
            assert n.estrados_publicada and n.estrados_fin and n.estrados_notificada
            hechos.append(
                (
                    n,
                    Hecho(
                        "estrados_publicada",
                        ahora,
                        {
                            "publicada": n.estrados_publicada.isoformat(),
                            "fin_publicacion": n.estrados_fin.isoformat(),
                            "notificada": n.estrados_notificada.isoformat(),
                        },
                    ),
                )
            )
        bitacora.append(
            EventoBitacora(
                "notificacion_reencaminada",
                n.folio,
                {"rfc": n.rfc, "razon": razon, "ruta": n.ruta, "fundamento": "Lineamientos 7.8"},
                ahora,
            )
        )
    actualizar(Notificacion, list(notificaciones), CAMPOS)
    registrar(hechos)
    anotar_varios(bitacora)
    return len(notificaciones)


def sin_aceptar(ahora: datetime) -> Q:
    """Dispatched, no provider accepted, and no acceptance can come (every medio dead) or the
    24 hours are over (index notif_sin_aceptar_idx)."""
    return Q(
        ruta=Notificacion.Ruta.BUZON,
        aviso__isnull=True,
        aviso_despachado__isnull=False,
        cancelada__isnull=True,
    ) & (Q(aviso_resuelto__isnull=False) | Q(aviso_despachado__lte=ahora - ESPERA_ACEPTACION))


def reencaminar_sin_aceptar(ahora: datetime | None = None, lote: int = LOTE) -> int:
    """The sweep: reroute every aviso no provider accepted (see the module's docstring)."""
    momento = ahora or timezone.now()
    return por_lotes(
        sin_aceptar(momento), lambda chunk: reencaminar(chunk, ruteo.SIN_ACEPTACION, momento), lote
    )


def por_lotes(filtro: Q, procesar: Callable[[list[Notificacion]], object], lote: int = LOTE) -> int:
    """A sweep over dispatched avisos: `lote` notifications matching `filtro` at a time, oldest
    dispatch first, locked (rows another worker holds are skipped) and handed to `procesar` in
    their own transaction; returns how many were handled."""
    total = 0
    while True:
        with transaction.atomic():
            with en_orden_del_indice():  # the partial indexes on (aviso_despachado, id)
                chunk = list(
                    Notificacion.objects.select_for_update(skip_locked=True)
                    .filter(filtro)
                    .defer("firmante_certificado", "firma")
                    .order_by("aviso_despachado", "pk")[:lote]
                )
            if chunk:
                procesar(chunk)
        total += len(chunk)
        if len(chunk) < lote:
            return total
