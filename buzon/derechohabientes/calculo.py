"""What a constancia certifies, computed from one worker's ledger by the pure rules
(`legal.semanas`, `legal.vigencia`) and written as the JSON the API answers and the PDF prints.

Read-only: `servicios` seals and stores the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from buzon.comun.errores import ErrorBuzon
from buzon.cuotas.models import Asegurado
from buzon.derechohabientes.selectors import ACLARACION, Historial, historial_de
from buzon.legal.errores import ErrorLegal
from buzon.legal.semanas import Empleo, calcular, empleos_de
from buzon.legal.vigencia import Relacion, evaluar


def enmascarar_nss(nss: str) -> str:
    """12345678901 → *******8901"""
    return "*" * max(0, len(nss) - 4) + nss[-4:]


def enmascarar_curp(curp: str) -> str:
    """XIQB891116MGRMZR05 → XIQB************05"""
    return curp[:4] + "*" * max(0, len(curp) - 6) + curp[-2:] if len(curp) > 6 else "******"


def _por_aclarar(exc: ErrorLegal) -> ErrorBuzon:
    return ErrorBuzon(
        "movimientos_por_aclarar",
        f"No podemos emitir la constancia porque sus movimientos afiliatorios no son congruentes: "
        f"{exc.mensaje} {ACLARACION}",
        None,
        409,
    )


def _empleos(historial: Historial, dia: date) -> list[Empleo]:
    try:
        return [
            e
            for registro, movimientos in historial.movimientos.items()
            for e in empleos_de(registro, movimientos, dia)
        ]
    except ErrorLegal as exc:
        raise _por_aclarar(exc) from exc


def _persona(asegurado: Asegurado, dia: date) -> dict[str, Any]:
    return {
        "nss": asegurado.nss,
        "curp": asegurado.curp,
        "nombre": asegurado.nombre,
        "fecha_corte": dia.isoformat(),
    }


def semanas(asegurado: Asegurado, dia: date) -> dict[str, Any]:
    """The constancia de semanas cotizadas as of `dia` (Zona Centro)."""
    historial = historial_de(asegurado)
    try:
        r = calcular(_empleos(historial, dia), historial.ajustes)
    except ErrorLegal as exc:
        raise _por_aclarar(exc) from exc
    return _persona(asegurado, dia) | {
        "dias_reconocidos": r.dias,
        "semanas_cotizadas": r.semanas_cotizadas,
        "dias_restantes": r.dias_restantes,
        "dias_traslapados": r.dias_traslapados,
        "semanas_descontadas": r.descontadas,
        "semanas_reintegradas": r.reintegradas,
        "semanas_netas": r.semanas_netas,
        "empleos": [
            {
                "registro_patronal": e.registro,
                "patron": historial.patrones.get(e.registro, ""),
                "alta": e.alta.isoformat(),
                "baja": e.baja.isoformat() if e.baja else None,
                "ultimo_sbc": str(e.ultimo_sbc),
                "dias_vigentes": e.dias_vigentes,
                "dias_ausentismo": e.dias_ausentismo,
                "dias_incapacidad": e.dias_incapacidad,
                "dias_reconocidos": e.dias_reconocidos,
            }
            for e in r.empleos
        ],
        "ajustes": [
            {
                "tipo": a.tipo,
                "fecha": a.fecha.isoformat(),
                "semanas": a.semanas,
                "referencia": a.referencia,
            }
            for a in r.ajustes
        ],
    }


def vigencia(asegurado: Asegurado, dia: date) -> dict[str, Any]:
    """The constancia de vigencia de derechos on `dia` (Zona Centro)."""
    historial = historial_de(asegurado)
    relaciones = [Relacion(e.registro, e.alta, e.baja) for e in _empleos(historial, dia)]
    v = evaluar(relaciones, dia)
    return _persona(asegurado, dia) | {
        "estado": v.estado,
        "con_derecho": v.con_derecho,
        "hasta": v.hasta.isoformat() if v.hasta else None,
        "motivo": v.motivo,
        "registro_patronal": v.registro,
        "patron": historial.patrones.get(v.registro, "") if v.registro else None,
        "ultima_baja": v.ultima_baja.isoformat() if v.ultima_baja else None,
        "dias_continuos": v.dias_continuos,
    }
