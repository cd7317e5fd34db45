"""The aviso sent (7.3 [I-35]): the providers' final results, as the outbox records them.

`registrar_resultados` is what `avisos.resultados.al_resultado_final` calls (registered in
`NotificacionesConfig.ready()`), inside the transaction that records the provider's answer. The
first acceptance of an aviso fixes the aviso instant and, from it, the deemed instant (7.4, 7.5),
for a whole delivery pass at once: one locking read, one batched update, one batched insert of
events, one evidence-log append. Nothing else ever sets them: no acceptance, no dates.

An acceptance that arrives after the notification was rerouted (7.8), cancelled, or for a
medio after the first, is recorded on the timeline only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from buzon.avisos.models import Mensaje
from buzon.avisos.resultados import ResultadoFinal
from buzon.evidencia.bitacora import Evento as EventoBitacora
from buzon.evidencia.bitacora import anotar_varios
from buzon.evidencia.copia import actualizar
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.models import Notificacion

PREFIJO = "aviso:"
ANCHAS = ("firmante_certificado", "firma")


def clave_aviso(folio: str, medio: str) -> str:
    """The outbox key of one medio's aviso (`medio` is "tipo:valor")."""
    return f"{PREFIJO}{folio}:{medio}"


def _partes(clave: str) -> tuple[str, str] | None:
    """(folio, "tipo:valor") of an aviso's key; None for any other message."""
    if not clave.startswith(PREFIJO):
        return None
    folio, _, medio = clave[len(PREFIJO) :].partition(":")
    return (folio, medio) if folio and medio else None


def fijar_avisos(pares: Sequence[tuple[Notificacion, datetime]]) -> list[Notificacion]:
    """Store the aviso instant and its deemed instant, batched per calendar (caller holds the
    rows and saves them)."""
    por_calendario: dict[tuple[str, str], list[tuple[Notificacion, datetime]]] = {}
    for n, instante in pares:
        por_calendario.setdefault((n.entidad, n.subdelegacion_patron), []).append((n, instante))
    fijadas = []
    for clave, grupo in por_calendario.items():
        calendario: Calendario = ruteo.calendario_de(*clave)
        vences = plazos.notificaciones_por_vencimiento_en_lote(
            [instante.timestamp() for _, instante in grupo], calendario
        )
        for (n, instante), vence in zip(grupo, vences, strict=True):
            n.aviso = n.aviso_enviado = instante
            n.vence = datetime.fromtimestamp(vence, UTC)
            fijadas.append(n)
    return fijadas


def _resueltas(
    notificaciones: list[Notificacion], resultados: Sequence[ResultadoFinal]
) -> list[Notificacion]:
    """Those whose every medio now has a final result (one read of their messages' states)."""
    claves = {clave_aviso(n.folio, m): n for n in notificaciones for m in n.aviso_medios}
    if not claves:
        return []
    # By key only (its unique index), the state checked here: with `estado` in the query too, and
    # the outbox's statistics stale, the planner would AND in a scan of every sent message.
    finales = {
        clave
        for clave, estado in Mensaje.objects.filter(clave__in=list(claves)).values_list(
            "clave", "estado"
        )
        if estado in (Mensaje.Estado.ENVIADO, Mensaje.Estado.MUERTO)
    }
    instantes: dict[str, datetime] = {}
    for r in resultados:
        partes = _partes(r.clave)
        if partes is not None:
            instantes[partes[0]] = max(r.instante, instantes.get(partes[0], r.instante))
    resueltas = []
    for n in notificaciones:
        if n.aviso_medios and all(clave_aviso(n.folio, m) in finales for m in n.aviso_medios):
            n.aviso_resuelto = instantes[n.folio]
            resueltas.append(n)
    return resueltas


def registrar_resultados(resultados: Sequence[ResultadoFinal]) -> None:
    """The final results of one delivery pass (see the module's docstring)."""
    por_folio: dict[str, list[tuple[str, ResultadoFinal]]] = {}
    for r in resultados:
        partes = _partes(r.clave)
        if partes is not None:
            por_folio.setdefault(partes[0], []).append((partes[1], r))
    if not por_folio:
        return
    notificaciones = list(
        Notificacion.objects.select_for_update()
        .filter(folio__in=list(por_folio))
        .defer(*ANCHAS)
        .order_by("pk")  # one lock order for every pass: two passes never deadlock
    )
    hechos: list[tuple[Notificacion, Hecho]] = []
    por_fijar: list[tuple[Notificacion, datetime]] = []
    for n in notificaciones:
        propios = sorted(por_folio[n.folio], key=lambda p: p[1].instante)
        abierta = (
            n.ruta == Notificacion.Ruta.BUZON
            and n.cancelada is None
            and n.apertura_legal is None
            and not n.acuse
        )
        aceptados = [r.instante for _, r in propios if r.aceptado]
        primero = aceptados[0] if aceptados else None
        # The first acceptance fixes the aviso; an earlier one recorded by a concurrent pass
        # after a later one (the two passes commit in either order) still wins.
        if primero is not None and abierta and (n.aviso is None or primero < n.aviso):
            por_fijar.append((n, primero))
        for medio, r in propios:
            datos = {
                "medio": medio.partition(":")[0],
                "valor": medio.partition(":")[2],
                "codigo": r.codigo,
                "respuesta": r.respuesta[:300],
            }
            if r.aceptado:
                if n.ruta != Notificacion.Ruta.BUZON or n.cancelada is not None:
                    datos["sin_efecto"] = "aceptado después de reencaminar o cancelar"
                hechos.append((n, Hecho("aviso_enviado", r.instante, datos, medio)))
            else:
                hechos.append((n, Hecho("aviso_fallido", r.instante, datos, medio)))
    fijadas = fijar_avisos(por_fijar)
    resueltas = _resueltas([n for n in notificaciones if n.aviso_resuelto is None], resultados)
    cambiadas = {n.pk: n for n in [*fijadas, *resueltas]}
    actualizar(
        Notificacion,
        list(cambiadas.values()),
        ["aviso", "aviso_enviado", "vence", "aviso_resuelto"],
    )
    registrar(hechos)
    anotar_varios(
        [
            EventoBitacora(
                "aviso_enviado",
                n.folio,
                {
                    "rfc": n.rfc,
                    "aviso": n.aviso.isoformat() if n.aviso else None,
                    "vence": n.vence.isoformat() if n.vence else None,
                },
                n.aviso,
            )
            for n in fijadas
        ]
    )
