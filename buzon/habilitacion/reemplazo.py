"""5.6: replacing a confirmed medio is updating it, not failing to keep it updated [I-33].

A confirmed email or mobile that the particular replaces by one still to confirm stays confirmed,
and in force, until the replacement is confirmed; if the replacement's 72 hours lapse (5.2), the
old one simply stays. So the mailbox never loses its route (nor avisos their destination) because
its owner is updating it. Called by the services inside their transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.habilitacion.models import Buzon, Medio
from buzon.habilitacion.selectors import estado_medio, medios_vigentes


def retirar_o_conservar(
    actuales: dict[tuple[str, str], Medio],
    deseados: Sequence[tuple[str, str]],
    ahora: datetime,
) -> list[Medio]:
    """5.6 [I-33]: the medios in force that the new list drops. A confirmed one whose type keeps
    no confirmed medio in the list, while the list names one of that type still to confirm, is
    being *replaced*: it stays confirmed (avisos keep reaching it) until its replacement is
    confirmed. Every other dropped medio is cancelled now. Returns the ones kept for replacement;
    a medio named again stops being replaced."""
    confirmados_que_quedan = {
        tipo
        for (tipo, valor), m in actuales.items()
        if (tipo, valor) in deseados and estado_medio(m, ahora) == Medio.Estado.CONFIRMADO
    }
    por_confirmar = {
        tipo
        for tipo, valor in deseados
        if (tipo, valor) not in actuales
        or estado_medio(actuales[(tipo, valor)], ahora) == Medio.Estado.POR_CONFIRMAR
    }
    conservados: list[Medio] = []
    for clave, medio in actuales.items():
        if clave in deseados:
            if medio.reemplazo_solicitado_en is not None:
                medio.reemplazo_solicitado_en = None
                medio.save(update_fields=("reemplazo_solicitado_en",))
            continue
        if (
            estado_medio(medio, ahora) == Medio.Estado.CONFIRMADO
            and medio.tipo not in confirmados_que_quedan
            and medio.tipo in por_confirmar
        ):
            if medio.reemplazo_solicitado_en is None:
                medio.reemplazo_solicitado_en = ahora
                medio.save(update_fields=("reemplazo_solicitado_en",))
            conservados.append(medio)
            continue
        medio.estado, medio.cancelado_en = Medio.Estado.CANCELADO, ahora
        medio.motivo_cancelacion = "retirado"
        medio.reemplazo_solicitado_en = None
        medio.save(
            update_fields=(
                "estado",
                "cancelado_en",
                "motivo_cancelacion",
                "reemplazo_solicitado_en",
            )
        )
    return conservados


def retirar_reemplazados(buzon: Buzon, confirmado: Medio, ahora: datetime) -> list[Medio]:
    """5.6 [I-33]: once a medio is confirmed, the confirmed medios of its type waiting for a
    replacement are retired (cancelled, `reemplazado`), with a `registro_medios` acuse of the
    medios in force from this instant. Returns the retired ones."""
    reemplazados = list(
        Medio.objects.select_for_update()
        .filter(
            buzon=buzon,
            registro_patronal=confirmado.registro_patronal,
            tipo=confirmado.tipo,
            estado=Medio.Estado.CONFIRMADO,
            reemplazo_solicitado_en__isnull=False,
        )
        .exclude(pk=confirmado.pk)
        .order_by("id")
    )
    for medio in reemplazados:
        medio.estado, medio.cancelado_en = Medio.Estado.CANCELADO, ahora
        medio.motivo_cancelacion = "reemplazado"
        medio.save(update_fields=("estado", "cancelado_en", "motivo_cancelacion"))
    if reemplazados:
        _acuse_de_reemplazo(buzon, confirmado, reemplazados, ahora)
    return reemplazados


def _acuse_de_reemplazo(
    buzon: Buzon, confirmado: Medio, reemplazados: list[Medio], ahora: datetime
) -> None:
    """The `registro_medios` acuse of the medios in force once a replacement took effect: which
    medio was confirmed, which ones it replaced, and the whole set in force from this instant."""
    vigentes = medios_vigentes(buzon, ahora, confirmado.registro_patronal)
    do_emitir_acuse(
        SolicitudAcuse(
            tipo="registro_medios",
            rfc=buzon.rfc,
            registro_patronal=confirmado.registro_patronal or None,
            datos={
                "correos": [m.valor for m in vigentes if m.tipo == Medio.Tipo.CORREO],
                "celular": next((m.valor for m in vigentes if m.tipo == Medio.Tipo.CELULAR), None),
                "confirmado": confirmado.valor,
                "reemplazados": [m.valor for m in reemplazados],
            },
        )
    )
