"""The courtesy aviso of a published emisión: one email per confirmed address and one SMS to the
confirmed mobile, per RFC and period, through the outbox (on commit). No link and no amount: it is
information, not a legal notification (nothing runs from it), and it must not teach people to
follow links in messages that claim to be the IMSS's.

The outbox key is (period, RFC, medio): an RFC whose registros fall in several chunks, or a chunk
done again after a crash, enqueues nothing twice (same key, same text).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from buzon.avisos.models import Mensaje
from buzon.avisos.servicios import Pedido, do_encolar_varios
from buzon.habilitacion.models import Medio
from buzon.legal.cuotas.periodos import Periodo

NOMBRES = {"EMA": "mensual (EMA)", "EBA": "bimestral (EBA)"}


def asunto(p: Periodo) -> str:
    return f"Buzón IMSS: su propuesta de emisión {NOMBRES[p.emision]} del periodo {p.clave}"


def cuerpo_correo(rfc: str, p: Periodo) -> str:
    return (
        f"RFC {rfc}:\n\n"
        "El IMSS puso a su disposición en su Buzón IMSS, en «Mis documentos → Emisiones», la "
        f"propuesta de cédula de determinación de cuotas {NOMBRES[p.emision]} del periodo "
        f"{p.clave} de sus registros patronales (LSS artículo 39 A).\n\n"
        "Este aviso es solo informativo: no es una notificación y no le corre plazo alguno. "
        "Entre al Buzón IMSS como lo hace siempre, escribiendo usted la dirección del sitio "
        "oficial: el IMSS nunca le envía enlaces ni le pide su contraseña o su e.firma."
    )


def cuerpo_sms(p: Periodo) -> str:
    return (
        f"IMSS: su propuesta de emision {p.emision} {p.clave} esta en su Buzon IMSS, Mis "
        "documentos > Emisiones. Aviso informativo, no es notificacion. El IMSS no envia enlaces."
    )


def pedidos(p: Periodo, medios: Iterable[Medio]) -> list[Pedido]:
    salida = []
    for m in medios:
        clave = f"emision:{p.clave}:{m.buzon.rfc}:{m.tipo}:{m.valor}"
        if m.tipo == Medio.Tipo.CORREO:
            salida.append(
                Pedido(
                    Mensaje.Canal.CORREO, m.valor, asunto(p), cuerpo_correo(m.buzon.rfc, p), clave
                )
            )
        else:
            salida.append(Pedido(Mensaje.Canal.SMS, m.valor, "", cuerpo_sms(p), clave))
    return salida


def do_avisar(p: Periodo, rfcs: set[str], ahora: datetime) -> int:
    """Enqueue the avisos of these RFCs (in the chunk's transaction): one query for their
    RFC-level confirmed medios, one batched insert."""
    if not rfcs:
        return 0
    medios = (
        Medio.objects.filter(
            buzon__rfc__in=rfcs, estado=Medio.Estado.CONFIRMADO, registro_patronal=""
        )
        .select_related("buzon")
        .order_by("buzon__rfc", "tipo", "valor", "id")
    )
    return do_encolar_varios(pedidos(p, medios), ahora)
