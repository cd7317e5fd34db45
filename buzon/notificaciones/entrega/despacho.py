"""The aviso (7.2, 7.3): at its planned instant, handed to the outbox for every confirmed email
and the mobile. The aviso instant is not fixed here: it is the first provider's acceptance
(`aceptacion.registrar_resultados`), and the dates come from it [I-35]. A notification with no
confirmed medio left at dispatch is rerouted at once (`reencamino`, 7.8).

Claimed with SKIP LOCKED on PostgreSQL (SQLite serialises writers): concurrent dispatchers never
hand one aviso over twice, and the outbox keys make a retry send nothing new.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.avisos import plantillas
from buzon.avisos.models import Mensaje
from buzon.avisos.servicios import Pedido, do_encolar_varios
from buzon.habilitacion.models import Medio
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.emision.servicios import Resultado, Solicitud, do_emitir_notificacion
from buzon.notificaciones.entrega.aceptacion import clave_aviso
from buzon.notificaciones.entrega.reencamino import reencaminar
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial

registro = logging.getLogger(__name__)

LOTE = 200


def _medios(notificaciones: list[Notificacion]) -> dict[str, list[Medio]]:
    """Confirmed medios per RFC: RFC-level ones, plus those of the notification's registro."""
    por_rfc: dict[str, list[Medio]] = {}
    for medio in (
        Medio.objects.filter(
            buzon__rfc__in={n.rfc for n in notificaciones}, estado=Medio.Estado.CONFIRMADO
        )
        .select_related("buzon")
        .order_by("tipo", "valor", "id")
    ):
        por_rfc.setdefault(medio.buzon.rfc, []).append(medio)
    return por_rfc


def _pedido(n: Notificacion, m: Medio) -> Pedido:
    clave = clave_aviso(n.folio, f"{m.tipo}:{m.valor}")
    if m.tipo == Medio.Tipo.CORREO:
        texto = plantillas.correo_aviso_notificacion(
            n.nombre or n.rfc, n.rfc, n.folio, registro_patronal=n.registro_patronal or None
        )
        return Pedido(Mensaje.Canal.CORREO, m.valor, texto.asunto, texto.cuerpo, clave)
    cuerpo = plantillas.sms_aviso_notificacion(n.nombre or n.rfc, n.rfc, n.folio)
    return Pedido(Mensaje.Canal.SMS, m.valor, "", cuerpo, clave)


def _despachar(notificaciones: list[Notificacion], ahora: datetime) -> None:
    medios = _medios(notificaciones)
    pedidos: list[Pedido] = []
    hechos: list[tuple[Notificacion, Hecho]] = []
    despachadas, sin_medios = [], []
    for n in notificaciones:
        propios = [
            m for m in medios.get(n.rfc, []) if m.registro_patronal in ("", n.registro_patronal)
        ]
        if not propios:
            sin_medios.append(n)
            continue
        pedidos += [_pedido(n, m) for m in propios]
        n.aviso_despachado = ahora
        n.aviso_medios = [f"{m.tipo}:{m.valor}" for m in propios]
        programado = n.aviso_programado.isoformat() if n.aviso_programado else None
        hechos.append(
            (
                n,
                Hecho(
                    "aviso_despachado", ahora, {"medios": n.aviso_medios, "programado": programado}
                ),
            )
        )
        despachadas.append(n)
    do_encolar_varios(pedidos, ahora)
    if despachadas:  # bulk_update: the JSON list of medios (chunks of LOTE rows)
        Notificacion.objects.bulk_update(despachadas, ["aviso_despachado", "aviso_medios"])
    registrar(hechos)
    reencaminar(sin_medios, ruteo.SIN_MEDIOS, ahora)


def despachar_avisos(
    ahora: datetime | None = None, limite: int | None = None, ids: list[int] | None = None
) -> int:
    """Hand every aviso now due to the outbox (in chunks, one transaction each); returns how many
    notifications were dispatched or rerouted. `ids` restricts it to those notifications (the
    API dispatches a just-issued one at once)."""
    total = 0
    while limite is None or total < limite:
        momento = ahora or timezone.now()
        with transaction.atomic():
            chunk = list(
                Notificacion.objects.select_for_update(skip_locked=True)
                .filter(
                    ruta=Notificacion.Ruta.BUZON,
                    aviso_despachado__isnull=True,
                    cancelada__isnull=True,
                    aviso_programado__lte=momento,
                    **({} if ids is None else {"pk__in": ids}),
                )
                .defer("firmante_certificado", "firma")
                .order_by("aviso_programado")[
                    : LOTE if limite is None else min(LOTE, limite - total)
                ]
            )
            if not chunk:
                break
            _despachar(chunk, momento)
        total += len(chunk)
    return total


def avisar_ya(notificacion_id: int) -> None:
    """Dispatch the aviso now if it is due now (7.2); if that fails here (a database hiccup) the
    background pass dispatches it. Its instant is fixed only by the provider's acceptance."""
    try:
        despachar_avisos(ids=[notificacion_id])
    except Exception:
        registro.exception("No se pudo enviar el aviso al emitir; lo enviará la pasada periódica.")


def do_emitir_y_avisar(
    oficial: Oficial | None, certificado_der: bytes, solicitud: Solicitud
) -> Resultado:
    """Issue one notification (the API and the officials' page) and, if it is new, dispatch its
    aviso right away when it is due now."""
    resultado = do_emitir_notificacion(oficial, certificado_der, solicitud)
    if resultado.nueva and resultado.notificacion is not None:
        avisar_ya(resultado.notificacion.pk)
    return resultado
