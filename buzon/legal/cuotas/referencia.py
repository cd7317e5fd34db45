"""The reference path: one worker, one period, day by day in exact decimal arithmetic.

Read it next to the law: one function per rule, citing its article. Each day's amounts are
exact (`Decimal`, no rounding: a trap raises if any operation were inexact); each concept's
patrón and obrero sums are rounded half-up to centavos only at the end, and the totals are sums
of those rounded amounts. The batch path (`lote`) must give the same centavos; the tests prove it.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from buzon.legal.cuotas import movimientos as mov
from buzon.legal.cuotas.parametros import (
    CONCEPTOS_EBA,
    CONCEPTOS_EMA,
    ZONAS,
    Banda,
    Parametros,
    vigentes,
)
from buzon.legal.cuotas.periodos import Periodo
from buzon.legal.errores import ErrorLegal

NORMAL, AUSENTISMO, INCAPACIDAD = "normal", "ausentismo", "incapacidad"
CENTAVO = Decimal("0.01")
CERO = Decimal(0)
CIEN = Decimal(100)
#: LSS 74: the prima de riesgos de trabajo lies between 0.5 % and 15 % of the SBC.
PRIMA_MINIMA, PRIMA_MAXIMA = Decimal("0.5"), Decimal("15")
#: LSS 31: which days each concept is paid for [I-60].
_ENFERMEDADES = ("cuota_fija", "excedente", "prestaciones_dinero", "gastos_medicos_pensionados")
_CON_SALARIO = ("riesgos_trabajo", "invalidez_vida", "guarderias", "cesantia_vejez")
_CON_RETIRO = ("retiro", "infonavit")


@dataclass(frozen=True)
class Importe:
    patron: Decimal
    obrero: Decimal


@dataclass(frozen=True)
class Dias:
    """Of the period's days: vigente ones, of them ausentismo, of them incapacidad."""

    cotizados: int
    ausentismos: int
    incapacidades: int


@dataclass(frozen=True)
class Cuotas:
    periodo: Periodo
    dias: Dias
    importes: dict[str, Importe]  # per concept, rounded to centavos, in the contract's order

    @property
    def total_patron(self) -> Decimal:
        return sum((i.patron for i in self.importes.values()), CERO)

    @property
    def total_obrero(self) -> Decimal:
        return sum((i.obrero for i in self.importes.values()), CERO)

    def como_dict(self) -> dict[str, object]:
        """The shape of `buzon cuotas calcular` (amounts as strings with two decimals)."""
        return {
            "periodo": self.periodo.clave,
            "dias": {
                "cotizados": self.dias.cotizados,
                "ausentismos": self.dias.ausentismos,
                "incapacidades": self.dias.incapacidades,
            },
            "cuotas": {
                c: {"patron": f"{i.patron:.2f}", "obrero": f"{i.obrero:.2f}"}
                for c, i in self.importes.items()
            },
            "total_patron": f"{self.total_patron:.2f}",
            "total_obrero": f"{self.total_obrero:.2f}",
            "total": f"{self.total_patron + self.total_obrero:.2f}",
        }


def conceptos(periodo: Periodo) -> tuple[str, ...]:
    """LSS 39 and 39 A: the EMA carries the IMSS branches, the EBA retiro, CyV and INFONAVIT."""
    return CONCEPTOS_EMA if periodo.emision == "EMA" else CONCEPTOS_EBA


def exigir_prima_rt(prima: Decimal | None, periodo: Periodo) -> Decimal | None:
    """LSS 71–74: the registro's prima, in percent with up to five decimals, 0.5 to 15; needed for
    the EMA (riesgos de trabajo) and not used by the EBA."""
    if periodo.emision == "EBA":
        if prima is not None:
            raise ErrorLegal(
                "«prima_rt» solo se usa en la emisión mensual (riesgos de trabajo); quítela para "
                f"el periodo bimestral {periodo.clave}.",
                "prima_rt",
            )
        return None
    if prima is None:
        raise ErrorLegal(
            f"Falta «prima_rt» para el periodo mensual {periodo.clave}: la prima de riesgos de "
            "trabajo del registro en por ciento, ej. 0.54355 (LSS 72, 73).",
            "prima_rt",
        )
    exponente = prima.as_tuple().exponent
    if not prima.is_finite() or not isinstance(exponente, int) or exponente < -5:
        raise ErrorLegal(
            f"«prima_rt» ({prima}) debe ser un por ciento con hasta cinco decimales, ej. 0.54355.",
            "prima_rt",
        )
    if not PRIMA_MINIMA <= prima <= PRIMA_MAXIMA:
        raise ErrorLegal(
            f"«prima_rt» ({prima}) debe estar entre {PRIMA_MINIMA} y {PRIMA_MAXIMA} por ciento "
            "(LSS 74: prima mínima y máxima).",
            "prima_rt",
        )
    return prima


def exigir_zona(zona: str) -> str:
    if zona not in ZONAS:
        raise ErrorLegal(
            f"«{zona}» no es una zona de salario mínimo: use general o zlfn (Zona Libre de la "
            "Frontera Norte).",
            "zona",
        )
    return zona


def clase_del_dia(historia: mov.Historia, dia: date) -> str:
    """LSS 31-I, 31-IV: a vigente day is an ausentismo day, an incapacidad day, or normal."""
    if any(m.fecha <= dia <= m.ultimo_dia for m in historia.incapacidades):
        return INCAPACIDAD
    if any(m.fecha <= dia <= m.ultimo_dia for m in historia.ausentismos):
        return AUSENTISMO
    return NORMAL


def cotiza(concepto: str, clase: str) -> bool:
    """LSS 31: EyM every vigente day but incapacidad days; RT, IV, guarderías and CyV every day
    but ausentismo and incapacidad days (31-I, 31-IV); retiro every day but ausentismo days
    (31-IV: incapacidad still pays retiro), and INFONAVIT as retiro [I-60]."""
    if concepto in _ENFERMEDADES:
        return clase != INCAPACIDAD
    if concepto in _CON_SALARIO:
        return clase == NORMAL
    assert concepto in _CON_RETIRO
    return clase != AUSENTISMO


def exigir_salario_minimo(sbc: mov.Movimiento, dia: date, minimo: Decimal, zona: str) -> None:
    """LSS 28: the SBC's lower limit is the minimum wage of the registro's zone that day."""
    assert sbc.sbc is not None
    if sbc.sbc < minimo:
        nombre = "general" if zona == "general" else "de la Zona Libre de la Frontera Norte"
        raise ErrorLegal(
            f"El SBC {sbc.sbc} de {sbc.nombre()} es menor que el salario mínimo {nombre} del "
            f"{dia} ({minimo}), el límite inferior (LSS 28): presente una modificación de "
            "salario (07) con al menos el salario mínimo.",
            "movimientos",
        )


def sbc_topado(sbc: Decimal, tope: Decimal) -> Decimal:
    """LSS 28: the SBC is capped at 25 UMA of the day."""
    return min(sbc, tope)


def paga_salario_minimo(sbc: Decimal, minimo: Decimal) -> bool:
    """LSS 36 and the «1.00 SM» row of LSS 168-II: the uncapped SBC is exactly the minimum wage
    of the registro's zone that day [I-61]."""
    return sbc == minimo


def banda_cyv(sbc: Decimal, uma: Decimal, minimo: bool, bandas: Sequence[Banda]) -> int:
    """LSS 168-II table: the «1.00 SM» row for a minimum-wage day; otherwise the first row whose
    upper bound is ≥ SBC ÷ UMA, compared exactly as SBC ≤ bound × UMA (the ratio is never
    rounded: 3.0001 UMA is above 3.00); above the last bound, the last row [I-62]."""
    if minimo:
        return 0
    for indice, banda in enumerate(bandas[1:-1], start=1):
        assert banda.hasta_uma is not None
        if sbc <= banda.hasta_uma * uma:
            return indice
    return len(bandas) - 1


def cuotas_del_dia(
    concepto: str, sbc: Decimal, dia: date, minimo: bool, prima: Decimal | None, p: Parametros
) -> Importe:
    """One day's exact amounts of one concept on the capped `sbc` (LSS 25, 106, 107, 71–74, 147,
    168, 211; Ley del INFONAVIT 29-II); LSS 36 moves the worker's share to the employer."""
    uma = p.uma_del_dia(dia)
    if concepto == "riesgos_trabajo":
        assert prima is not None
        return Importe(sbc * prima / CIEN, CERO)
    tasa = p.tasa(concepto, dia)
    if tasa.base == "uma":
        base = uma
    elif tasa.base == "excedente":
        base = max(sbc - p.umbral_excedente(dia), CERO)
    else:
        base = sbc
    patron = tasa.patron
    if patron is None:  # cesantía y vejez: the employer's rate by band
        patron = p.tasas_cyv_patron(dia)[banda_cyv(sbc, uma, minimo, p.bandas_cyv)]
    obrero = base * tasa.obrero / CIEN
    if minimo:
        return Importe(base * patron / CIEN + obrero, CERO)
    return Importe(base * patron / CIEN, obrero)


def redondear(importe: Decimal) -> Decimal:
    """Half-up to centavos, once per concept and party, after the exact sum of the days [I-63]."""
    return importe.quantize(CENTAVO, rounding=ROUND_HALF_UP)


def _exacto() -> decimal.Context:
    contexto = decimal.Context(prec=60, rounding=ROUND_HALF_UP)
    contexto.traps[decimal.Inexact] = True
    contexto.traps[decimal.Rounded] = True
    return contexto


def calcular(
    movimientos: Sequence[mov.Movimiento] | mov.Historia,
    periodo: Periodo,
    prima_rt: Decimal | None = None,
    zona: str = "general",
    parametros: Parametros | None = None,
) -> Cuotas:
    """The cuotas of one worker at one registro for `periodo`, from its movements."""
    p = parametros or vigentes()
    historia = movimientos if isinstance(movimientos, mov.Historia) else mov.validar(movimientos)
    prima = exigir_prima_rt(prima_rt, periodo)
    exigir_zona(zona)
    lista = conceptos(periodo)
    patron = dict.fromkeys(lista, CERO)
    obrero = dict.fromkeys(lista, CERO)
    cotizados = ausentismos = incapacidades = 0
    with decimal.localcontext(_exacto()):
        for dia in periodo.fechas():
            vigencia = historia.vigencia_del_dia(dia)
            if vigencia is None:
                continue
            clase = clase_del_dia(historia, dia)
            cotizados += 1
            ausentismos += clase == AUSENTISMO
            incapacidades += clase == INCAPACIDAD
            salario = vigencia.salario_del_dia(dia)
            assert salario.sbc is not None
            minimo_del_dia = p.salario_minimo_del_dia(dia, zona)
            exigir_salario_minimo(salario, dia, minimo_del_dia, zona)
            minimo = paga_salario_minimo(salario.sbc, minimo_del_dia)
            sbc = sbc_topado(salario.sbc, p.tope_del_dia(dia))
            for concepto in lista:
                if cotiza(concepto, clase):
                    importe = cuotas_del_dia(concepto, sbc, dia, minimo, prima, p)
                    patron[concepto] += importe.patron
                    obrero[concepto] += importe.obrero
    importes = {c: Importe(redondear(patron[c]), redondear(obrero[c])) for c in lista}
    return Cuotas(periodo, Dias(cotizados, ausentismos, incapacidades), importes)
