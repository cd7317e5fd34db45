"""An agency's bulk consultation: up to 1,000 RFCs, one sealed and logged opinión per valid RFC.

A malformed RFC is answered in its own item (`error`, `mensaje`) and does not fail the call; a
repeated RFC gets one opinión (the first mention's place). The opiniones count against the
convenio's daily quota (Zona Centro day): the counter row is raised with one conditional UPDATE,
so two calls never both take the last places; a call that does not fit is refused whole with
429 `cuota_agotada` and when the quota resets. Every call, answered or refused, leaves a
`LlamadaConvenio` row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F

from buzon.comun.errores import ErrorBuzon
from buzon.convenios.errores import ErrorConvenio
from buzon.convenios.models import Convenio, CuotaDiaria, LlamadaConvenio
from buzon.convenios.servicios import hoy, registrar_llamada
from buzon.evidencia.sello import ErrorSello
from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO
from buzon.opinion.consultante import Consultante
from buzon.opinion.presentacion import como_json
from buzon.opinion.servicios import LARGO_MOTIVO, MAXIMO_POR_LLAMADA, do_emitir_opiniones

_OPINIONES = LlamadaConvenio.Operacion.OPINIONES


def reinicio_de_cuota() -> datetime:
    """The next Zona Centro midnight: when the daily quota starts again."""
    return datetime.combine(hoy() + timedelta(days=1), time(0), ZONA_CENTRO)


def _reservar(convenio: Convenio, cantidad: int) -> None:
    """Take `cantidad` places of today's quota, inside the caller's transaction."""
    dia = hoy()

    def tomar() -> int:
        return CuotaDiaria.objects.filter(
            convenio=convenio, dia=dia, usadas__lte=convenio.cuota_diaria - cantidad
        ).update(usadas=F("usadas") + cantidad)

    # One UPDATE on the common path; the day's row is created by its first call.
    tomadas = tomar()
    if not tomadas:
        CuotaDiaria.objects.get_or_create(convenio=convenio, dia=dia)
        tomadas = tomar()
    if not tomadas:
        usadas = CuotaDiaria.objects.get(convenio=convenio, dia=dia).usadas
        libres = max(0, convenio.cuota_diaria - usadas)
        reinicia = reinicio_de_cuota()
        raise ErrorConvenio(
            "cuota_agotada",
            f"La cuota diaria del convenio ({convenio.cuota_diaria} opiniones) no alcanza: "
            f"quedan {libres} y pidió {cantidad}. Se renueva el {reinicia:%Y-%m-%d} a las "
            "00:00 (Zona Centro); consulte menos RFC o espere a esa hora.",
            "rfcs",
            extra={"restantes": libres, "reinicia": reinicia.isoformat()},
        )


def usadas_hoy(convenio: Convenio) -> int:
    fila = CuotaDiaria.objects.filter(convenio=convenio, dia=hoy()).first()
    return fila.usadas if fila is not None else 0


def _clasificar(rfcs: Sequence[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """(distinct valid RFCs in order, one answer slot per distinct input RFC)."""
    validos: list[str] = []
    vistos: set[str] = set()
    salida: list[dict[str, Any]] = []
    for i, valor in enumerate(rfcs):
        try:
            rfc = normalizar_rfc(str(valor), f"rfcs[{i}]")
        except ErrorLegal as exc:
            salida.append({"rfc": str(valor)[:20], "error": "rfc_invalido", "mensaje": exc.mensaje})
            continue
        if rfc in vistos:
            continue
        vistos.add(rfc)
        validos.append(rfc)
        salida.append({"rfc": rfc})
    return validos, salida


def _revisar(rfcs: Sequence[str], motivo: str) -> None:
    if not rfcs:
        raise ErrorConvenio("rfcs_vacio", "Indique al menos un RFC en «rfcs».", "rfcs")
    if len(rfcs) > MAXIMO_POR_LLAMADA:
        raise ErrorConvenio(
            "demasiados_rfcs",
            f"Se pueden consultar hasta {MAXIMO_POR_LLAMADA} RFC por solicitud y envió "
            f"{len(rfcs)}: divida la lista.",
            "rfcs",
        )
    if len(motivo) > LARGO_MOTIVO:
        raise ErrorConvenio(
            "motivo_largo",
            f"El motivo admite hasta {LARGO_MOTIVO} caracteres y tiene {len(motivo)}: resúmalo.",
            "motivo",
        )


def do_consultar_opiniones(
    convenio: Convenio, rfcs: Sequence[str], *, motivo: str | None = None, ip: str = ""
) -> list[dict[str, Any]]:
    """One opinión per distinct valid RFC for the agency (sealed, logged, recorded as its
    consultation with the convenio's purpose or the call's `motivo`); the answer's items in the
    order sent."""
    texto = (motivo or "").strip() or convenio.finalidad[:LARGO_MOTIVO]
    try:
        _revisar(rfcs, texto)
        validos, salida = _clasificar(rfcs)
        rechazadas = sum(1 for item in salida if "error" in item)
        with transaction.atomic():
            opiniones = []
            if validos:
                consultante = Consultante(
                    tipo="convenio", rfc=convenio.rfc, convenio=convenio.pk, motivo=texto, ip=ip
                )
                opiniones = do_emitir_opiniones(validos, consultante=consultante)
                # The quota's row is locked from this UPDATE to commit: taken last, so an agency's
                # concurrent calls are serialised only for their last statements. A call that does
                # not fit rolls back whole (nothing issued).
                _reservar(convenio, len(validos))
            registrar_llamada(
                convenio, _OPINIONES, 200, ip=ip, cantidad=len(opiniones), rechazadas=rechazadas
            )
    except ErrorBuzon as exc:
        with transaction.atomic():
            registrar_llamada(convenio, _OPINIONES, exc.estado, error=exc.codigo, ip=ip)
        raise
    except ErrorSello:
        with transaction.atomic():
            registrar_llamada(convenio, _OPINIONES, 503, error="servicio_no_disponible", ip=ip)
        raise
    except Exception:
        with transaction.atomic():
            registrar_llamada(convenio, _OPINIONES, 500, error="error_interno", ip=ip)
        raise
    por_rfc = {o.rfc: o for o in opiniones}
    for item in salida:
        opinion = por_rfc.get(item["rfc"]) if "error" not in item else None
        if opinion is not None:
            item.update(como_json(opinion), sello=opinion.acuse.sello)
    return salida
