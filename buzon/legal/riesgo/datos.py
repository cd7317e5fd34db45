"""What the indicators read about one registro patronal (all integers), and what they answer."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Indicator keys, in the order they are shown.
CONCENTRACION = "concentracion_salarial"
IMPROCEDENTES = "inscripciones_improcedentes"
CLASIFICACION = "clasificacion"
PLANTILLA = "plantilla"
DENUNCIAS = "denuncias"
ADEUDO = "cuotas_no_pagadas"
INDICADORES = (CONCENTRACION, IMPROCEDENTES, CLASIFICACION, PLANTILLA, DENUNCIAS, ADEUDO)

#: An unknown external count (no file brought this RFC).
SIN_DATO = -1


@dataclass(frozen=True)
class Datos:
    registro: str
    #: the declared activity (fracción) of the registro; "" unknown: the pooled rest.
    sector: str = ""
    #: workers vigentes on the cut-off day, and how many of them earn exactly the minimum wage
    #: of the zone / at most the band's top (the latter includes the former).
    trabajadores: int = 0
    en_minimo: int = 0
    en_banda: int = 0
    #: altas with high SBC shortly before a claim; workers vigentes at several registros at once;
    #: periods with cuotas exigibles.
    altas_previas: int = 0
    multiples: int = 0
    periodos_sin_pago: int = 0
    #: classes I–V as 1–5 (0 unknown): the one the registro pays, the one of its activity.
    clase_declarada: int = 0
    clase_actividad: int = 0
    #: workers of the whole RFC in the ledger, and the external count (SIN_DATO unknown).
    reportados_rfc: int = 0
    externos_rfc: int = SIN_DATO
    denuncias: int = 0
    adeudo_centavos: int = 0


@dataclass(frozen=True)
class Senal:
    """One indicator on one registro: fired or not, its points, the numbers and why."""

    indicador: str
    disparo: bool
    puntos: int
    numeros: dict[str, int] = field(default_factory=dict)
    motivo: str = ""


def bp(parte: int, total: int) -> int:
    """parte / total in basis points, rounded down (0 when total is 0)."""
    return parte * 10_000 // total if total > 0 else 0


def porcentaje(valor_bp: int) -> str:
    """Basis points as a Spanish percentage with two decimals: 6250 → «62.50 %»."""
    return f"{valor_bp // 100}.{valor_bp % 100:02d} %"
