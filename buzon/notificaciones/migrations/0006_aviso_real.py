"""The aviso actually sent (Lineamientos 7.3, 7.4 [I-35]).

Schema: the planned instant moves to `aviso_programado`; `aviso_despachado` (handed to the
outbox), `aviso_medios` and `aviso_resuelto` are new; `aviso` and `vence` are set only by a
provider's acceptance from now on.

Data (what the migration assumes, docs/notificaciones.md «Migración 0006»):
- Every buzón row keeps its old planned `aviso` as `aviso_programado`; a row the old dispatcher
  handled (`aviso_enviado` = when it ran) gets it as `aviso_despachado`, its medios from the
  outbox keys `aviso:<folio>:<tipo>:<valor>` (the same format as before), and `aviso_resuelto`
  when every one of those messages has a final state.
- A notification already made, opened, cancelled or whose deemed instant has passed keeps every
  stored fact (`aviso`, `vence`, `aviso_enviado`, acuses): a notification made is a fact.
- A pending one that was dispatched takes as aviso the first acceptance recorded in the outbox
  (`Intento` «enviado»; never earlier than the stored aviso, since the old dispatcher ran at or
  after it), and its deemed instant is recomputed from it with the calendar in force (the same or
  later: never less time to open). Without any recorded acceptance it had not been announced: its
  dates are cleared (state `programada`) and the 24-hour sweep reroutes it (7.8).
- A pending one never dispatched loses its dates (state `programada`); the dispatcher sends it.
- Each pending row whose dates changed gets a `plazo_recalculado` event naming 7.3 and I-35. Its
  old constancia de aviso (sealed with the planned instant) stays as the acuse it is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import migrations, models
from django.utils import timezone

from buzon.legal import plazos
from buzon.legal.calendario import Ambito, Calendario, DiaInhabilDeclarado

MOTIVO = {
    "regla": "Lineamientos 7.3 y 7.4: los plazos corren desde el aviso enviado (I-35)",
    "migracion": "notificaciones.0006_aviso_real",
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


def _id(folio: str, tipo: str, discriminador: str) -> str:
    return hashlib.sha256(f"{folio}|{tipo}|{discriminador}".encode()).hexdigest()[:32]


def _texto(valor: Any) -> str | None:
    return None if valor is None else valor.isoformat()


def adelante(apps: Any, schema_editor: Any) -> None:
    Notificacion = apps.get_model("notificaciones", "Notificacion")
    Evento = apps.get_model("notificaciones", "Evento")
    Mensaje = apps.get_model("avisos", "Mensaje")
    Intento = apps.get_model("avisos", "Intento")
    ahora = timezone.now()
    calendario_de = _calendarios(apps)
    medios: dict[str, list[str]] = {}
    finales: dict[str, bool] = {}
    ultimo: dict[str, Any] = {}
    aceptado: dict[str, Any] = {}
    mensajes = Mensaje.objects.filter(clave__startswith="aviso:")
    por_pk: dict[int, str] = {}
    for pk, clave, estado, actualizado in mensajes.values_list(
        "pk", "clave", "estado", "actualizado"
    ):
        folio, _, medio = clave[len("aviso:") :].partition(":")
        por_pk[pk] = folio
        medios.setdefault(folio, []).append(medio)
        finales[folio] = finales.get(folio, True) and estado in ("enviado", "muerto")
        ultimo[folio] = max(actualizado, ultimo.get(folio, actualizado))
    for mensaje_id, instante in Intento.objects.filter(
        mensaje_id__in=list(por_pk), resultado="enviado"
    ).values_list("mensaje_id", "instante"):
        folio = por_pk[mensaje_id]
        aceptado[folio] = min(instante, aceptado.get(folio, instante))
    eventos: list[Any] = []
    for n in Notificacion.objects.filter(ruta="buzon").iterator(chunk_size=2000):
        n.aviso_programado = n.aviso
        if n.aviso_enviado is not None:
            n.aviso_despachado = n.aviso_enviado
            n.aviso_medios = sorted(medios.get(n.folio, []))
            if n.aviso_medios and finales.get(n.folio):
                n.aviso_resuelto = ultimo[n.folio]
        hecha = (
            n.notificada is not None
            or n.apertura_legal is not None
            or n.abierta is not None
            or n.cancelada is not None
            or (n.vence is not None and n.vence <= ahora)
        )
        campos = ["aviso_programado", "aviso_despachado", "aviso_medios", "aviso_resuelto"]
        if not hecha:
            antes = {"aviso": _texto(n.aviso), "vence": _texto(n.vence)}
            primera = aceptado.get(n.folio) if n.aviso_enviado is not None else None
            if primera is None:
                n.aviso = n.vence = n.aviso_enviado = None
            else:
                n.aviso = n.aviso_enviado = max(primera, n.aviso)
                calendario = calendario_de(n.entidad, n.subdelegacion_patron)
                vence = plazos.notificacion_por_vencimiento(n.aviso, calendario)
                n.vence = max(vence, n.vence) if n.vence is not None else vence
            despues = {"aviso": _texto(n.aviso), "vence": _texto(n.vence)}
            campos += ["aviso", "aviso_enviado", "vence"]
            if antes != despues:
                eventos.append(
                    Evento(
                        id=_id(n.folio, "plazo_recalculado", "migracion-0006"),
                        notificacion_id=n.pk,
                        tipo="plazo_recalculado",
                        instante=ahora,
                        registrado=ahora,
                        datos={"motivo": MOTIVO, "antes": antes, "despues": despues},
                    )
                )
        n.save(update_fields=campos)
    Evento.objects.bulk_create(eventos, batch_size=1000, ignore_conflicts=True)


def atras(apps: Any, schema_editor: Any) -> None:
    """Back to one planned `aviso`: rows without one get their schedule back."""
    Notificacion = apps.get_model("notificaciones", "Notificacion")
    Notificacion.objects.filter(ruta="buzon", aviso__isnull=True).update(
        aviso=models.F("aviso_programado")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notificaciones", "0005_respuesta_fk"),
        ("avisos", "0001_initial"),
        ("calendario", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="notificacion", name="notif_por_avisar_idx"),
        migrations.AddField(
            model_name="notificacion",
            name="aviso_programado",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notificacion",
            name="aviso_despachado",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notificacion",
            name="aviso_medios",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="notificacion",
            name="aviso_resuelto",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="notificacion",
            index=models.Index(
                condition=models.Q(
                    ("aviso_despachado__isnull", True),
                    ("cancelada__isnull", True),
                    ("ruta", "buzon"),
                ),
                fields=["aviso_programado"],
                name="notif_por_despachar_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="notificacion",
            index=models.Index(
                condition=models.Q(
                    ("aviso__isnull", True),
                    ("aviso_despachado__isnull", False),
                    ("cancelada__isnull", True),
                    ("ruta", "buzon"),
                ),
                fields=["aviso_despachado"],
                name="notif_sin_aceptar_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="notificacion",
            index=models.Index(
                condition=models.Q(("acuse_aviso", ""), ("aviso_despachado__isnull", False)),
                fields=["aviso_despachado"],
                name="notif_constancia_pend_idx",
            ),
        ),
        migrations.RunPython(adelante, atras),
    ]
