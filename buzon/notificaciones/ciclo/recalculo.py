"""When the calendar changes (a día inhábil declared or withdrawn), the pending notifications get
their dates recomputed in the same transaction, each with a timeline event saying why.

Only what is still ahead moves, and never into the past: an aviso sent keeps its instant (the
provider's acceptance, a fact; only the deemed instant is recomputed from it [I-35]); an aviso not
yet dispatched keeps its schedule inside the hours (7.2); an opening already made, a notification
already made, a cancelled one, are facts and never change. Estrados periods not yet over are
recomputed from their publication.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from buzon.evidencia.bitacora import anotar
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.models import Notificacion

CAMPOS = ("aviso_programado", "vence", "estrados_fin", "estrados_notificada")


def _pendientes(ahora: datetime) -> Any:
    return Notificacion.objects.filter(
        Q(ruta=Notificacion.Ruta.BUZON, vence__gt=ahora, apertura_legal__isnull=True)
        | Q(
            ruta=Notificacion.Ruta.BUZON,
            aviso_despachado__isnull=True,
            aviso_programado__gt=ahora,
        )
        | Q(ruta=Notificacion.Ruta.ESTRADOS, estrados_notificada__gt=ahora),
        notificada__isnull=True,
        cancelada__isnull=True,
    ).order_by("id")


def _nuevas_fechas(n: Notificacion, calendario: Calendario, ahora: datetime) -> dict[str, Any]:
    """The dates under the new calendar, never placed in the past: until now everyone was told
    the notification was pending (or not there yet), and that stays true. A withdrawal that would
    put the deemed instant behind us leaves it where it was; a pending aviso goes from now on."""
    if n.ruta == Notificacion.Ruta.ESTRADOS:
        assert n.estrados_publicada is not None
        fin, notificada = ruteo.fechas_estrados(n.estrados_publicada, calendario)
        if notificada <= ahora:
            return {"estrados_fin": n.estrados_fin, "estrados_notificada": n.estrados_notificada}
        return {"estrados_fin": fin, "estrados_notificada": notificada}
    if n.aviso is None:  # not sent yet: only its schedule moves (no dates exist before it)
        assert n.aviso_programado is not None
        if n.aviso_despachado is not None or n.aviso_programado <= ahora:
            return {"aviso_programado": n.aviso_programado}
        programado = ruteo.aviso_programado(max(n.creada, ahora), calendario)
        return {"aviso_programado": programado}
    vence = plazos.notificacion_por_vencimiento(n.aviso, calendario)
    return {"vence": n.vence if vence <= ahora else vence}


def recalcular_por_calendario(motivo: Mapping[str, Any], ahora: datetime | None = None) -> int:
    """Recompute the pending notifications' dates with the calendar as this transaction sees it.

    `motivo` describes the change (accion, dia, desde, hasta, fuente…) and is written on every
    event. Returns how many notifications changed. Call inside the calendar change's transaction.
    """
    momento = ahora or timezone.now()
    calendarios: dict[tuple[str, str], Calendario] = {}
    cambiadas: list[Notificacion] = []
    hechos = []
    clave_motivo = "|".join(f"{k}={motivo[k]}" for k in sorted(motivo))
    for n in _pendientes(momento).iterator(chunk_size=2000):
        clave = (n.entidad, n.subdelegacion_patron)
        if clave not in calendarios:
            calendarios[clave] = ruteo.calendario_de(*clave)
        nuevas = _nuevas_fechas(n, calendarios[clave], momento)
        antes = {k: getattr(n, k) for k in nuevas}
        if antes == nuevas:
            continue
        for campo, valor in nuevas.items():
            setattr(n, campo, valor)
        cambiadas.append(n)
        hechos.append(
            (
                n,
                Hecho(
                    "plazo_recalculado",
                    momento,
                    {
                        "motivo": dict(motivo),
                        "antes": {k: _texto(v) for k, v in antes.items()},
                        "despues": {k: _texto(v) for k, v in nuevas.items()},
                    },
                    f"{momento.isoformat()}|{clave_motivo}",
                ),
            )
        )
    if cambiadas:
        Notificacion.objects.bulk_update(cambiadas, list(CAMPOS), batch_size=500)
        registrar(hechos)
        anotar(
            "notificacion_recalculada",
            "calendario",
            {"motivo": dict(motivo), "notificaciones": len(cambiadas)},
            momento,
        )
    return len(cambiadas)


def _texto(valor: Any) -> str | None:
    return None if valor is None else str(valor.isoformat())
