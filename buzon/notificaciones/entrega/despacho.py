"""The aviso (7.3): at its stored instant, to every confirmed email and the mobile, with a
*constancia de aviso* acuse listing the means it went to.

The aviso instant was fixed when the notification was issued, and the particular sees the
notification from that instant whatever happens here; this only sends the messages and seals the
constancia. Claimed with SKIP LOCKED on PostgreSQL (SQLite serialises writers): concurrent
dispatchers never send one aviso twice, and the outbox keys make a retry send nothing new.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.avisos import plantillas
from buzon.avisos.models import Mensaje
from buzon.avisos.servicios import Pedido, do_encolar_varios
from buzon.evidencia.bitacora import Evento as EventoBitacora
from buzon.evidencia.bitacora import anotar_varios
from buzon.evidencia.copia import actualizar
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuses
from buzon.habilitacion.models import Medio
from buzon.legal.formato import instante_legible
from buzon.notificaciones.emision.servicios import Resultado, Solicitud, do_emitir_notificacion
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.hechos import documento_notificado
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


def _despachar(notificaciones: list[Notificacion], ahora: datetime) -> None:
    medios = _medios(notificaciones)
    solicitudes, hechos, bitacora = [], [], []
    pedidos: list[Pedido] = []
    for n in notificaciones:
        assert n.aviso is not None and n.vence is not None
        propios = [
            m for m in medios.get(n.rfc, []) if m.registro_patronal in ("", n.registro_patronal)
        ]
        fecha = instante_legible(n.vence)
        enviados = []
        for m in propios:
            if m.tipo == Medio.Tipo.CORREO:
                texto = plantillas.correo_aviso_notificacion(
                    n.nombre or n.rfc,
                    n.rfc,
                    n.folio,
                    fecha,
                    registro_patronal=n.registro_patronal or None,
                )
                pedidos.append(
                    Pedido(
                        Mensaje.Canal.CORREO,
                        m.valor,
                        texto.asunto,
                        texto.cuerpo,
                        f"aviso:{n.folio}:correo:{m.valor}",
                    )
                )
            else:
                cuerpo = plantillas.sms_aviso_notificacion(n.nombre or n.rfc, n.rfc, n.folio, fecha)
                pedidos.append(
                    Pedido(Mensaje.Canal.SMS, m.valor, "", cuerpo, f"aviso:{n.folio}:sms:{m.valor}")
                )
            enviados.append(f"{m.tipo}:{m.valor}")
            hechos.append(
                (
                    n,
                    Hecho(
                        "aviso_enviado",
                        ahora,
                        {"medio": m.tipo, "valor": m.valor},
                        f"{m.tipo}:{m.valor}",
                    ),
                )
            )
        solicitudes.append(
            SolicitudAcuse(
                tipo="constancia_aviso",
                rfc=n.rfc,
                registro_patronal=n.registro_patronal or None,
                documentos=[documento_notificado(n)],
                datos={
                    "notificacion": n.folio,
                    "medios": enviados,
                    "vence": n.vence.isoformat(),
                },
                instante_legal=n.aviso,
            )
        )
        bitacora.append(
            EventoBitacora("aviso_enviado", n.folio, {"rfc": n.rfc, "medios": enviados}, ahora)
        )
    do_encolar_varios(pedidos)
    acuses = do_emitir_acuses(solicitudes)
    for n, acuse in zip(notificaciones, acuses, strict=True):
        n.aviso_enviado, n.acuse_aviso = ahora, acuse.folio
        hechos.append((n, Hecho("constancia_aviso", ahora, {"acuse": acuse.folio})))
    actualizar(Notificacion, notificaciones, ["aviso_enviado", "acuse_aviso"])
    registrar(hechos)
    anotar_varios(bitacora)


def despachar_avisos(
    ahora: datetime | None = None, limite: int | None = None, ids: list[int] | None = None
) -> int:
    """Send every aviso now due (in chunks, one transaction each); returns how many were sent.
    `ids` restricts it to those notifications (the API sends a just-issued one at once)."""
    total = 0
    while limite is None or total < limite:
        momento = ahora or timezone.now()
        with transaction.atomic():
            chunk = list(
                Notificacion.objects.select_for_update(skip_locked=True)
                .filter(
                    ruta=Notificacion.Ruta.BUZON,
                    aviso_enviado__isnull=True,
                    cancelada__isnull=True,
                    aviso__lte=momento,
                    **({} if ids is None else {"pk__in": ids}),
                )
                .defer("firmante_certificado", "firma")
                .order_by("aviso")[: LOTE if limite is None else min(LOTE, limite - total)]
            )
            if not chunk:
                break
            _despachar(chunk, momento)
        total += len(chunk)
    return total


def avisar_ya(notificacion_id: int) -> None:
    """Send the aviso now if it is due now (7.2). Its instant is already fixed and stored; if
    sending fails here (no seal installed, a database hiccup) the background pass sends it."""
    try:
        despachar_avisos(ids=[notificacion_id])
    except Exception:
        registro.exception("No se pudo enviar el aviso al emitir; lo enviará la pasada periódica.")


def do_emitir_y_avisar(
    oficial: Oficial | None, certificado_der: bytes, solicitud: Solicitud
) -> Resultado:
    """Issue one notification (the API and the officials' page) and, if it is new, send its
    aviso right away when it is due now."""
    resultado = do_emitir_notificacion(oficial, certificado_der, solicitud)
    if resultado.nueva and resultado.notificacion is not None:
        avisar_ya(resultado.notificacion.pk)
    return resultado
