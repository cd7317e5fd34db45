"""The reminders' sweep: `do_enviar_recordatorios(ahora)`, run by `buzon eventos recordar` and by
the background pass (`pasada`, registered by `buzon.sistema`).

For each particular with a confirmed email or mobile (RFC level, 5.6), its events of the coming
weeks; an event is due for a reminder from the día hábil that is its anticipation before it (its
preferences: notifications 1, obligations and requerimientos 3) up to the event's own day, read
in the domicile's zone (5.8). Each reminder is a `Recordatorio` row, unique per (particular,
event, anticipation), and its messages go to the outbox with deterministic keys: running the sweep
twice, two sweeps at once, or a crash in the middle (a chunk's transaction rolls back whole) never
sends one twice nor loses one. SMS respect the quiet hours (`legal.horas_silencio`, I-97): held
with `no_antes`, never dropped. Messages carry no link (the outbox refuses them).

Set-based: particulars in chunks of `BLOQUE`, a few queries per chunk, one batched insert of the
records and one of the messages.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from buzon.avisos.servicios import Pedido, do_encolar_varios
from buzon.calendario.selectors import calendario_para
from buzon.eventos.models import Recordatorio
from buzon.eventos.preferencias import Ajustes, ajustes_de_varios
from buzon.eventos.selectors import Evento, dia_del_recordatorio, eventos_de_varios
from buzon.habilitacion.models import Buzon, Medio
from buzon.legal.calendario import Ambito, Calendario
from buzon.legal.formato import fecha_legible
from buzon.legal.horas_silencio import siguiente_permitido
from buzon.legal.zonas import exigir_consciente, zona
from buzon.padron.selectors import ambitos_de, zonas_de

#: Particulars per transaction.
BLOQUE = 500
#: How far ahead events are read: the longest anticipation (10 días hábiles) and a declared
#: period in between fit in it.
HORIZONTE = timedelta(days=45)
CORREO, SMS = "correo", "sms"


@dataclass(frozen=True)
class Resultado:
    revisados: int
    recordatorios: int
    mensajes: int


@dataclass(frozen=True)
class _Medios:
    correos: tuple[str, ...]
    celulares: tuple[str, ...]


def _con_medios(despues_de: str, cuantos: int) -> dict[str, _Medios]:
    """The next `cuantos` RFCs (by RFC, after `despues_de`) with confirmed RFC-level medios, and
    those medios: two queries (the mailboxes' unique RFC index, then their medios)."""
    rfcs = list(
        Buzon.objects.filter(
            rfc__gt=despues_de,
            medios__estado=Medio.Estado.CONFIRMADO,
            medios__registro_patronal="",
        )
        .order_by("rfc")
        .values_list("rfc", flat=True)
        .distinct()[:cuantos]
    )
    medios: dict[str, dict[str, list[str]]] = {rfc: defaultdict(list) for rfc in rfcs}
    for rfc, tipo, valor in (
        Medio.objects.filter(
            buzon__rfc__in=rfcs, estado=Medio.Estado.CONFIRMADO, registro_patronal=""
        )
        .order_by("buzon__rfc", "tipo", "id")
        .values_list("buzon__rfc", "tipo", "valor")
    ):
        medios[rfc][tipo].append(valor)
    return {
        rfc: _Medios(tuple(m[Medio.Tipo.CORREO]), tuple(m[Medio.Tipo.CELULAR]))
        for rfc, m in medios.items()
    }


def _clave(rfc: str, evento: Evento, anticipacion: int, canal: str, destino: str) -> str:
    huella = hashlib.sha256(
        "|".join((rfc, evento.uid, str(anticipacion), canal, destino)).encode("utf-8")
    ).hexdigest()
    return f"eventos:{huella[:40]}"


def textos(evento: Evento) -> tuple[str, str, str]:
    """(email subject, email body, SMS) of a reminder: no link, no personal data beyond the
    event; deterministic (the same event gives the same text, so the outbox deduplicates)."""
    cuando = fecha_legible(evento.fecha)
    asunto = f"Recordatorio del Buzón IMSS: {evento.titulo}"[:200]
    cuerpo = (
        f"{evento.titulo}.\n"
        f"Fecha: {cuando}.\n"
        f"Fundamento: {evento.fundamento}.\n"
        + (f"{evento.detalle}\n" if evento.detalle else "")
        + (f"Registros patronales: {', '.join(evento.registros)}.\n" if evento.registros else "")
        + "\nConsulte su Calendario de eventos al entrar a su Buzón IMSS con su e.firma. "
        "Puede cambiar qué recordatorios recibe en sus preferencias.\n"
    )
    sms = f"Buzon IMSS: {evento.titulo[:90]}. Fecha: {cuando}."
    return asunto, cuerpo, sms


def _pedidos(
    rfc: str,
    evento: Evento,
    anticipacion: int,
    ajustes: Ajustes,
    medios: _Medios,
    ahora: datetime,
    zona_nombre: str,
) -> list[Pedido]:
    asunto, cuerpo, sms = textos(evento)
    pedidos: list[Pedido] = []
    if ajustes.por_correo:
        for correo in medios.correos:
            clave = _clave(rfc, evento, anticipacion, CORREO, correo)
            pedidos.append(Pedido(CORREO, correo, asunto, cuerpo, clave))
    if ajustes.por_sms:
        no_antes = siguiente_permitido(ahora, zona_nombre)
        for celular in medios.celulares:
            clave = _clave(rfc, evento, anticipacion, SMS, celular)
            pedidos.append(
                Pedido(SMS, celular, "", sms, clave, no_antes if no_antes != ahora else None)
            )
    return pedidos


def _bloque(medios: dict[str, _Medios], ahora: datetime) -> tuple[int, int]:
    rfcs = sorted(medios)
    zonas = zonas_de(rfcs)
    ambitos = ambitos_de([(rfc, "") for rfc in rfcs])
    ajustes = ajustes_de_varios(rfcs)
    locales = {rfc: ahora.astimezone(zona(zonas[rfc])).date() for rfc in rfcs}
    desde = min(locales.values()) - timedelta(days=1)
    eventos = eventos_de_varios(rfcs, desde, desde + HORIZONTE, ahora)
    calendarios: dict[Ambito, Calendario] = {}
    debidos: list[tuple[str, Evento, int]] = []
    for rfc in rfcs:
        hoy = locales[rfc]
        ambito = ambitos[(rfc, "")]
        if ambito not in calendarios:
            calendarios[ambito] = calendario_para(ambito)
        for evento in eventos[rfc]:
            anticipacion = ajustes[rfc].anticipacion(evento.clase)
            if anticipacion is None or evento.fecha < hoy:
                continue
            if dia_del_recordatorio(evento, anticipacion, calendarios[ambito]) <= hoy:
                debidos.append((rfc, evento, anticipacion))
    if not debidos:
        return 0, 0
    enviados = set(
        Recordatorio.objects.filter(
            rfc__in=sorted({d[0] for d in debidos}), evento__in=sorted({d[1].uid for d in debidos})
        ).values_list("rfc", "evento", "anticipacion")
    )
    registros: list[Recordatorio] = []
    pedidos: list[Pedido] = []
    for rfc, evento, anticipacion in debidos:
        if (rfc, evento.uid, anticipacion) in enviados:
            continue
        propios = _pedidos(rfc, evento, anticipacion, ajustes[rfc], medios[rfc], ahora, zonas[rfc])
        if not propios:
            continue
        pedidos.extend(propios)
        registros.append(
            Recordatorio(
                rfc=rfc,
                evento=evento.uid,
                anticipacion=anticipacion,
                clase=evento.clase,
                fecha_evento=evento.fecha,
                titulo=evento.titulo[:300],
                enviado=ahora,
                claves=[p.clave for p in propios],
            )
        )
    Recordatorio.objects.bulk_create(registros, batch_size=1000, ignore_conflicts=True)
    if pedidos:
        do_encolar_varios(pedidos, ahora)
    return len(registros), len(pedidos)


def do_enviar_recordatorios(ahora: datetime, bloque: int = BLOQUE) -> Resultado:
    """Queue every reminder due at `ahora` (idempotent, concurrent-safe; see the module)."""
    exigir_consciente(ahora, "ahora")
    revisados = recordatorios = mensajes = 0
    ultimo = ""
    while True:
        medios = _con_medios(ultimo, bloque)
        if not medios:
            break
        with transaction.atomic():
            nuevos, encolados = _bloque(medios, ahora)
        revisados += len(medios)
        recordatorios += nuevos
        mensajes += encolados
        ultimo = max(medios)
    return Resultado(revisados, recordatorios, mensajes)


def pasada(ahora: datetime) -> object:
    """The background pass's step (what `buzon.sistema` registers): the sweep at `ahora`."""
    return do_enviar_recordatorios(ahora)
