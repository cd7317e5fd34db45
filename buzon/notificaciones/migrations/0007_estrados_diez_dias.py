"""Estrados: ten días of publication, notified on the eleventh (CFF 139, reformed DOF 12-11-2021).

Notifications whose dates were computed with the pre-2022 fifteen/sixteenth keep their stored
facts once made. Those not yet made when this runs (`estrados_notificada` still ahead, not
cancelled, no acuse materialised) are recomputed from their publication date with the current
rule (`legal.plazos.estrados`) and the calendar in force, each with a `plazo_recalculado` event
naming CFF 139. Running it again changes nothing (the dates already follow the rule).
"""

from __future__ import annotations

import hashlib
from datetime import time
from typing import Any

from django.db import migrations
from django.utils import timezone

from buzon.legal import plazos
from buzon.legal.calendario import Ambito, Calendario, DiaInhabilDeclarado

MOTIVO = {
    "regla": "CFF 139 (reforma DOF 12-11-2021): diez días de publicación, notificada el "
    "decimoprimero",
    "migracion": "notificaciones.0007_estrados_diez_dias",
}


def _calendarios(apps: Any) -> Any:
    DiaInhabil = apps.get_model("calendario", "DiaInhabil")
    declaraciones = [
        DiaInhabilDeclarado(
            desde=d.desde,
            hasta=d.hasta,
            fuente=d.fuente,
            entidades=frozenset(d.entidades),
            subdelegaciones=frozenset(d.subdelegaciones),
        )
        for d in DiaInhabil.objects.filter(retirado_en__isnull=True).order_by("desde", "id")
    ]
    cache: dict[tuple[str | None, str | None], Calendario] = {}

    def de(entidad: str, subdelegacion: str) -> Calendario:
        clave = (entidad or None, subdelegacion or None)
        if clave not in cache:
            cache[clave] = Calendario(declaraciones, Ambito(*clave))
        return cache[clave]

    return de


def recalcular(apps: Any, schema_editor: Any) -> None:
    Notificacion = apps.get_model("notificaciones", "Notificacion")
    Evento = apps.get_model("notificaciones", "Evento")
    ahora = timezone.now()
    calendario_de = _calendarios(apps)
    cambiadas, eventos = [], []
    pendientes = Notificacion.objects.filter(
        ruta="estrados",
        estrados_notificada__gt=ahora,
        cancelada__isnull=True,
        notificada__isnull=True,
        acuse="",
    ).order_by("id")
    for n in pendientes.iterator(chunk_size=2000):
        plazo = plazos.estrados(
            n.estrados_publicada, calendario_de(n.entidad, n.subdelegacion_patron)
        )
        fin, notificada = plazo.fin_publicacion, plazos.a_las(plazo.notificada, time(0, 0))
        if (fin, notificada) == (n.estrados_fin, n.estrados_notificada):
            continue
        antes = {
            "estrados_fin": n.estrados_fin.isoformat() if n.estrados_fin else None,
            "estrados_notificada": n.estrados_notificada.isoformat(),
        }
        n.estrados_fin, n.estrados_notificada = fin, notificada
        cambiadas.append(n)
        discriminador = f"migracion-0007|{ahora.isoformat()}"
        eventos.append(
            Evento(
                id=hashlib.sha256(
                    f"{n.folio}|plazo_recalculado|{discriminador}".encode()
                ).hexdigest()[:32],
                notificacion_id=n.pk,
                tipo="plazo_recalculado",
                instante=ahora,
                registrado=ahora,
                datos={
                    "motivo": MOTIVO,
                    "antes": antes,
                    "despues": {
                        "estrados_fin": fin.isoformat(),
                        "estrados_notificada": notificada.isoformat(),
                    },
                },
            )
        )
    Notificacion.objects.bulk_update(cambiadas, ["estrados_fin", "estrados_notificada"], 500)
    Evento.objects.bulk_create(eventos, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0006_aviso_real"), ("calendario", "0001_initial")]

    operations = [migrations.RunPython(recalcular, migrations.RunPython.noop)]
