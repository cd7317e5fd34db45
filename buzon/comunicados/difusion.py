"""The fan-out of a published comunicado: set-based, chunk by chunk, resumable.

Each chunk is one transaction: one `INSERT … SELECT` over a range of `padron_patron.id`
(`objetivo.condicion` picks the recipients; `ON CONFLICT DO NOTHING` on (rfc, comunicado) and
`RETURNING` give the RFCs new in this run), the courtesy avisos of those of them with an enabled
mailbox (`avisos.servicios.do_encolar_varios`, keys `comunicado-<id>-<rfc>-<canal>`: the
outbox never holds two), and the comunicado's cursor and counters. A crash rolls the chunk back
whole; a re-run resumes at the cursor, and even from the start it delivers nothing twice.

SMS respect the quiet hours of the recipient's domicile zone (`legal.horas_silencio`: none
21:00–08:00, held until 08:00); email is never held. A comunicado valid from a later instant
is fanned out now and shown, and avisado, from that instant.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from buzon.avisos.servicios import Pedido, do_encolar_varios
from buzon.comunicados import objetivo
from buzon.comunicados.models import Comunicado, Destinatario
from buzon.comunicados.servicios import evento
from buzon.habilitacion.models import Buzon, Medio
from buzon.habilitacion.selectors import HABILITADO, estados_de
from buzon.legal.horas_silencio import siguiente_permitido
from buzon.padron.models import Patron

#: Patrones (by id range) per chunk.
LOTE = 20_000
ASUNTO = "Nuevo comunicado en su Buzón IMSS"
SMS = (
    "IMSS: tiene un comunicado nuevo en Mis comunicados de su Buzón IMSS. Es informativo y no "
    "tiene efectos legales."
)


def cuerpo_correo(titulo: str) -> str:
    return (
        f"El Instituto Mexicano del Seguro Social publicó el comunicado «{titulo}» en el "
        "apartado Mis comunicados de su Buzón IMSS.\n\nEste comunicado es informativo y no "
        "tiene efectos legales; no es una notificación. Para leerlo, entre al Buzón IMSS por su "
        "cuenta, como lo hace siempre.\n"
    )


def clave(comunicado_id: int, rfc: str, canal: str) -> str:
    return f"comunicado-{comunicado_id}-{rfc}-{canal}"


def do_iniciar_difusion(comunicado_id: int) -> Comunicado:
    """Start the fan-out of a published comunicado (counts its target); idempotent."""
    with transaction.atomic():
        c = Comunicado.objects.select_for_update().get(pk=comunicado_id)
        if c.estado != Comunicado.Estado.PUBLICADO or c.difusion != Comunicado.Difusion.SIN_INICIAR:
            return c
        donde, parametros = objetivo.condicion(c)
        with connection.cursor() as cursor:
            cursor.execute(
                # Only table names and %s placeholders are formatted in; values are parameters.
                f"SELECT COUNT(*) FROM {Patron._meta.db_table} p WHERE {donde}",  # noqa: S608
                parametros,
            )
            c.objetivo = int(cursor.fetchone()[0])
        primero = Patron.objects.aggregate(m=Min("id"))["m"]
        c.cursor = max(c.cursor, (primero or 1) - 1)  # chunks start at the first patrón
        c.difusion = Comunicado.Difusion.EN_CURSO
        c.save(update_fields=["difusion", "objetivo", "cursor"])
        evento(c, "difusion_iniciada", "", timezone.now(), objetivo=c.objetivo)
    return c


def do_difundir_lote(comunicado_id: int, lote: int = LOTE) -> bool:
    """One chunk (one transaction). True while there is more to do."""
    with transaction.atomic():
        c = Comunicado.objects.select_for_update().get(pk=comunicado_id)
        if c.estado != Comunicado.Estado.PUBLICADO or c.difusion != Comunicado.Difusion.EN_CURSO:
            return False
        ahora = timezone.now()
        maximo = Patron.objects.aggregate(m=Max("id"))["m"] or 0
        hasta = c.cursor + lote
        donde, parametros = objetivo.condicion(c)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Destinatario._meta.db_table} (comunicado_id, rfc, entregado_en) "  # noqa: S608
                f"SELECT %s, p.rfc, %s FROM {Patron._meta.db_table} p "
                f"WHERE p.id > %s AND p.id <= %s AND {donde} "
                "ON CONFLICT (rfc, comunicado_id) DO NOTHING RETURNING rfc",
                [c.pk, ahora, c.cursor, hasta, *parametros],
            )
            nuevos = [str(fila[0]) for fila in cursor.fetchall()]
        c.avisos += _avisar(c, _con_buzon(c.cursor, hasta, nuevos), ahora)
        c.cursor, c.entregados = hasta, c.entregados + len(nuevos)
        campos = ["cursor", "entregados", "avisos"]
        if hasta >= maximo:
            c.difusion, c.difusion_terminada_en = Comunicado.Difusion.TERMINADA, ahora
            campos += ["difusion", "difusion_terminada_en"]
            evento(c, "difusion_terminada", "", ahora, entregados=c.entregados, avisos=c.avisos)
        c.save(update_fields=campos)
        return c.difusion == Comunicado.Difusion.EN_CURSO


def difundir(comunicado_id: int, *, lote: int = LOTE, maximo_lotes: int | None = None) -> int:
    """Start (if needed) and run the fan-out to the end (or `maximo_lotes` chunks). Returns the
    chunks run. Safe to run again at any time, and concurrently (each chunk locks its row)."""
    do_iniciar_difusion(comunicado_id)
    hechos = 0
    while maximo_lotes is None or hechos < maximo_lotes:
        mas = do_difundir_lote(comunicado_id, lote)
        hechos += 1
        if not mas:
            break
    return hechos


def difundir_pendientes(lote: int = LOTE) -> int:
    """Every published comunicado whose fan-out has not finished (the background pass, and
    `buzon comunicados difundir`). Returns how many it ran."""
    pendientes = list(
        Comunicado.objects.filter(estado=Comunicado.Estado.PUBLICADO)
        .exclude(difusion=Comunicado.Difusion.TERMINADA)
        .order_by("id")
        .values_list("id", flat=True)
    )
    for pk in pendientes:
        difundir(pk, lote=lote)
    return len(pendientes)


def _con_buzon(desde: int, hasta: int, nuevos: list[str]) -> list[str]:
    """The new recipients of the chunk that have a mailbox at all (one query over the chunk's
    id range, not a list of every RFC as parameters); most of the padrón has none."""
    if not nuevos:
        return []
    del_lote = Patron.objects.filter(id__gt=desde, id__lte=hasta).values("rfc")
    con_buzon = set(Buzon.objects.filter(rfc__in=del_lote).values_list("rfc", flat=True))
    return [r for r in nuevos if r in con_buzon]


def _avisar(c: Comunicado, rfcs: list[str], ahora: datetime) -> int:
    """The courtesy avisos of the new recipients with an enabled mailbox: one email (the first
    confirmed) and the SMS, each once."""
    if not rfcs:
        return 0
    habilitados = [r for r, (_b, e) in estados_de(rfcs, ahora).items() if e == HABILITADO]
    if not habilitados:
        return 0
    medios: dict[tuple[str, str], str] = {}
    for rfc, tipo, valor in (
        Medio.objects.filter(
            buzon__rfc__in=habilitados, registro_patronal="", estado=Medio.Estado.CONFIRMADO
        )
        .order_by("id")
        .values_list("buzon__rfc", "tipo", "valor")
    ):
        medios.setdefault((rfc, tipo), valor)
    zonas = dict(Patron.objects.filter(rfc__in=habilitados).values_list("rfc", "zona_horaria"))
    desde = max(ahora, c.vigente_desde)
    diferido = desde if desde > ahora else None
    correo = cuerpo_correo(c.titulo)
    pedidos = []
    for rfc in habilitados:
        if (rfc, Medio.Tipo.CORREO) in medios:
            pedidos.append(
                Pedido(
                    "correo",
                    medios[(rfc, Medio.Tipo.CORREO)],
                    ASUNTO,
                    correo,
                    clave(c.pk, rfc, "correo"),
                    no_antes=diferido,
                )
            )
        if (rfc, Medio.Tipo.CELULAR) in medios:
            permitido = siguiente_permitido(desde, zonas.get(rfc, "America/Mexico_City"))
            pedidos.append(
                Pedido(
                    "sms",
                    medios[(rfc, Medio.Tipo.CELULAR)],
                    "",
                    SMS,
                    clave(c.pk, rfc, "sms"),
                    no_antes=permitido if permitido > ahora else None,
                )
            )
    return do_encolar_varios(pedidos, ahora)


#: Up to this many recipients, the approval fans out in the same request.
EN_LINEA = 5000


def despues_de_aprobar(comunicado_id: int) -> None:
    """After the approval commits: count the target, and fan out now when small (the rest is
    left to the background pass or `buzon comunicados difundir`)."""
    c = do_iniciar_difusion(comunicado_id)
    if c.objetivo <= EN_LINEA:
        difundir(comunicado_id)
