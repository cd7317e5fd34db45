"""A registro's score: the sum of its fired indicators' points (a transparent weighted sum), with
every signal and its numbers, and the act it proposes.

The act proposed (relación 7.8, 7.17, 7.18, 8) [I-125]: from `auditoria_minimo` points an audit
(fiscalización electrónica, relación 8); below it, from `propuesta_minimo` points, the act of the
indicator that fired, in this order: 7.17 (inscripciones improcedentes), 7.8 (clasificación),
7.18 (concentración salarial); a registro that fired only plantilla, denuncias or cuotas and does
not reach the audit is ranked but gets no act.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from buzon.legal.riesgo import (
    adeudo,
    clasificacion,
    concentracion,
    denuncias,
    improcedentes,
    plantilla,
)
from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import (
    CLASIFICACION,
    CONCENTRACION,
    IMPROCEDENTES,
    INDICADORES,
    Datos,
    Senal,
)

NINGUNO = ""
AUDITORIA = "auditoria"
REQUERIMIENTO_17 = "requerimiento_17"
INVITACION_CLASIFICACION = "invitacion_clasificacion"
INVITACION_CONCENTRACION = "invitacion_concentracion"
#: code (as the batch path stores it) → act type; 0 is none.
TIPOS = (NINGUNO, AUDITORIA, REQUERIMIENTO_17, INVITACION_CLASIFICACION, INVITACION_CONCENTRACION)
#: act type → the key of the acts catalogue it is notified with [I-125].
CLAVES = {
    AUDITORIA: "8.1",
    REQUERIMIENTO_17: "7.17",
    INVITACION_CLASIFICACION: "7.8",
    INVITACION_CONCENTRACION: "7.18",
}
#: the indicator whose firing proposes each letter, by priority.
_POR_INDICADOR = (
    (IMPROCEDENTES, REQUERIMIENTO_17),
    (CLASIFICACION, INVITACION_CLASIFICACION),
    (CONCENTRACION, INVITACION_CONCENTRACION),
)


@dataclass(frozen=True)
class Evaluacion:
    registro: str
    puntos: int
    senales: tuple[Senal, ...]
    tipo: str

    @property
    def disparadas(self) -> tuple[Senal, ...]:
        return tuple(s for s in self.senales if s.disparo)

    @property
    def mascara(self) -> int:
        """Bit i set when INDICADORES[i] fired."""
        return sum(1 << i for i, s in enumerate(self.senales) if s.disparo)


def tipo_propuesto(puntos: int, disparados: set[str], a: Ajustes) -> str:
    if puntos >= a.auditoria_minimo:
        return AUDITORIA
    if puntos < a.propuesta_minimo:
        return NINGUNO
    for indicador, tipo in _POR_INDICADOR:
        if indicador in disparados:
            return tipo
    return NINGUNO


def evaluar(d: Datos, a: Ajustes, sector_bp: int) -> Evaluacion:
    senales = (
        concentracion.evaluar(d, a, sector_bp),
        improcedentes.evaluar(d, a),
        clasificacion.evaluar(d, a),
        plantilla.evaluar(d, a),
        denuncias.evaluar(d, a),
        adeudo.evaluar(d, a),
    )
    assert tuple(s.indicador for s in senales) == INDICADORES
    puntos = sum(s.puntos for s in senales)
    tipo = tipo_propuesto(puntos, {s.indicador for s in senales if s.disparo}, a)
    return Evaluacion(d.registro, puntos, senales, tipo)


def proporciones_de_sector(registros: Sequence[Datos]) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    banda: dict[str, int] = defaultdict(int)
    for d in registros:
        total[d.sector] += d.trabajadores
        banda[d.sector] += d.en_banda
    return {s: (banda[s] * 10_000 // total[s] if total[s] > 0 else 0) for s in total}


def programar(registros: Sequence[Datos], a: Ajustes) -> list[Evaluacion]:
    """The reference path over a list: every registro evaluated, ranked by score descending then
    registro ascending; acts beyond `maximo_actos` (in that order) are dropped to none."""
    sectores = proporciones_de_sector(registros)
    evaluaciones = sorted(
        (evaluar(d, a, sectores[d.sector]) for d in registros),
        key=lambda e: (-e.puntos, e.registro),
    )
    resultado, actos = [], 0
    for e in evaluaciones:
        if e.tipo != NINGUNO:
            if actos >= a.maximo_actos:
                e = Evaluacion(e.registro, e.puntos, e.senales, NINGUNO)
            else:
                actos += 1
        resultado.append(e)
    return resultado
