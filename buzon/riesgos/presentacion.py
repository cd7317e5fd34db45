"""What the API and the pages show of riesgos terminados and of a determination."""

from __future__ import annotations

from typing import Any

from buzon.legal import prima_rt
from buzon.legal.prima_rt import porcentaje
from buzon.riesgos import selectors
from buzon.riesgos.models import RiesgoTerminado
from buzon.riesgos.selectors import Calculo

TIPOS = dict(RiesgoTerminado.Tipo.choices)


def riesgo(r: RiesgoTerminado) -> dict[str, Any]:
    return {
        "nss": r.nss,
        "tipo": r.tipo,
        "tipo_legible": TIPOS.get(r.tipo, r.tipo),
        "fecha_termino": r.fecha_termino.isoformat(),
        "dias_subsidiados": r.dias_subsidiados,
        "porcentaje_incapacidad": str(r.porcentaje_incapacidad),
        "defuncion": r.defuncion,
    }


def terminados(registro: str, anio: int, filas: list[RiesgoTerminado]) -> dict[str, Any]:
    return {
        "registro_patronal": registro,
        "anio": anio,
        "riesgos": [riesgo(r) for r in filas],
    }


def determinacion(c: Calculo) -> dict[str, Any]:
    """Every number: S, I, D, N, F, V, M, the formula, the computed prima, the limits."""
    d = c.determinacion
    desde, hasta = c.vigencia
    salida: dict[str, Any] = {
        "registro_patronal": c.registro.registro,
        "anio": c.anio,
        "periodo": {"inicio": f"{c.anio}-01-01", "fin": f"{c.anio}-12-31"},
        "vigencia": {"desde": desde.isoformat(), "hasta": hasta.isoformat()},
        "casos": c.casos.casos,
        "S": c.casos.dias_subsidiados,
        "suma_porcentajes_incapacidad": str(c.casos.suma_porcentajes),
        "I": str(c.casos.incapacidades.normalize() if c.casos.incapacidades else 0),
        "D": c.casos.defunciones,
        "dias_cotizados": c.exposicion.dias_cotizados,
        "trabajadores_con_dias": c.exposicion.trabajadores,
        "trabajadores_por_aclarar": len(c.exposicion.por_aclarar),
        "V": prima_rt.V,
        "M": str(prima_rt.M),
        "sistema_seguridad": c.sistema_seguridad,
        "F": str(prima_rt.F_SISTEMA_ACREDITADO if c.sistema_seguridad else prima_rt.F_GENERAL),
        "formula": "Prima = [(S/365) + V × (I + D)] × (F/N) + M",
        "prima_anterior": None if c.anterior.prima is None else porcentaje(c.anterior.prima),
        "origen_prima_anterior": c.anterior.origen or None,
        "clase": c.anterior.clase or None,
        "N": None,
        "prima_calculada": None,
        "prima": None,
        "limite": None,
        "limites_aplicados": [],
        "debe_presentar": c.debe_presentar,
        "impedimento": c.impedimento or None,
    }
    if d is not None:
        salida |= {
            "N": str(selectors.n_mostrado(d)),
            "prima_calculada": porcentaje(d.prima_calculada),
            "prima": porcentaje(d.prima),
            "limite": d.limite,
            "limites_aplicados": list(d.limites),
        }
    return salida
