"""6.1, 7.7: documents and acuses stay consultable and printable five years; then the retention
job removes the document, unless a legal hold keeps it (a trial, an audit).

What is removed is the document's bytes (and the personal-notification acta): the notification's
record, its timeline and its acuses (which hold only the document's SHA-256) are evidence of what
happened and stay, so a court can still verify an acuse of a removed document [I-17].
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.evidencia import almacen
from buzon.evidencia.bitacora import Evento as EventoBitacora
from buzon.evidencia.bitacora import anotar_varios
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import access_notificacion_oficial
from buzon.oficina.models import Oficial


def do_retencion_legal(
    oficial: Oficial, notificacion_id: int, *, retener: bool, motivo: str
) -> Notificacion:
    """Place or lift a legal hold (administradores and supervisores), with its reason."""
    if oficial.rol not in ("supervisor", "administrador"):
        raise ErrorNotificacion(
            "sin_permiso",
            "Solo un supervisor o administrador decide la retención legal.",
            None,
            403,
        )
    motivo = " ".join(motivo.split())
    if not motivo:
        raise ErrorNotificacion("motivo_invalido", "Escriba el motivo de la retención.", "motivo")
    ahora = timezone.now()
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        if n.depurada is not None:
            raise ErrorNotificacion(
                "depurada", f"El documento de {n.folio} ya se eliminó por conservación.", "id", 409
            )
        n.retencion_legal, n.motivo_retencion = retener, motivo
        n.save(update_fields=("retencion_legal", "motivo_retencion"))
        tipo = "retencion_legal" if retener else "retencion_levantada"
        registrar(
            [(n, Hecho(tipo, ahora, {"por": oficial.rfc, "motivo": motivo}, ahora.isoformat()))]
        )
        return n


def depurar(ahora: datetime | None = None, lote: int = 500) -> int:
    """Remove documents past their conservation date (finished notifications, no legal hold)."""
    momento = ahora or timezone.now()
    hoy = momento.astimezone(ZONA_CENTRO).date()
    total = 0
    while True:
        with transaction.atomic():
            chunk = list(
                Notificacion.objects.select_for_update(skip_locked=True)
                .filter(
                    conservar_hasta__lt=hoy,
                    retencion_legal=False,
                    depurada__isnull=True,
                )
                .exclude(notificada__isnull=True, cancelada__isnull=True)
                .order_by("conservar_hasta", "id")[:lote]
            )
            if not chunk:
                return total
            huellas = {n.documento_sha256 for n in chunk} | {
                n.personal_documento_sha256 for n in chunk if n.personal_documento_sha256
            }
            for n in chunk:
                n.depurada = momento
            Notificacion.objects.bulk_update(chunk, ["depurada"])
            registrar(
                [
                    (n, Hecho("depurada", momento, {"conservar_hasta": str(n.conservar_hasta)}))
                    for n in chunk
                ]
            )
            anotar_varios(
                [
                    EventoBitacora(
                        "documento_depurado", n.folio, {"sha256": n.documento_sha256}, momento
                    )
                    for n in chunk
                ]
            )
            # A document still cited by a notification being kept stays in the store.
            citadas = set(
                Notificacion.objects.filter(
                    documento_sha256__in=huellas, depurada__isnull=True
                ).values_list("documento_sha256", flat=True)
            ) | set(
                Notificacion.objects.filter(
                    personal_documento_sha256__in=huellas, depurada__isnull=True
                ).values_list("personal_documento_sha256", flat=True)
            )
            borrar = huellas - citadas
            transaction.on_commit(_borrador(frozenset(borrar)))
        total += len(chunk)


def _borrador(huellas: frozenset[str]) -> Callable[[], None]:
    """Files are removed after the commit: a rolled-back purge never loses a document."""

    def borrar() -> None:
        for huella in huellas:
            almacen.borrar(huella)

    return borrar
