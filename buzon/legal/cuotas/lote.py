"""The batch path: many worker-periods at once, numpy, exact integer arithmetic.

Same rules as `referencia`, on columnar `tramos` instead of days: amounts are integers in
units of 10⁻⁹ pesos (centavos × rate units, a rate unit being 10⁻⁷, i.e. a percent with five
decimals: 20.40 % = 2,040,000 units, 0.54355 % = 54,355), summed per worker exactly, then
rounded half-up to centavos per concept and party: (u + 5·10⁶) // 10⁷. No binary float anywhere.

**int64 bound.** Per worker-period and concept the sum is at most days × capped SBC × rate:
62 days (the longest period, a bimester of July and August) × 2,500,000,000 centavos (the cap in
pesos is ≤ 25,000,000.00, checked when the parameters load) × 10⁷ (patrón + obrero ≤ 100 %,
also checked; the prima de riesgos ≤ 15 %, LSS 74) = 1.55 × 10¹⁸ < 2⁶³ − 1 ≈ 9.22 × 10¹⁸. Every
intermediate (days × base, × rate, the band test SBC × 100 ≤ bound × UMA) is below that product.
`calcular` checks that tramos stay inside their period without overlapping, so no worker has
more days than the period. Registro totals are sums of centavos (≤ 1.55 × 10¹¹ each): exact
for up to 5 × 10⁷ workers per registro.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from buzon.legal.cuotas.parametros import CONCEPTOS_CON_TASA, ZONAS, Parametros, vigentes
from buzon.legal.cuotas.periodos import Periodo
from buzon.legal.cuotas.referencia import PRIMA_MAXIMA, PRIMA_MINIMA, conceptos
from buzon.legal.cuotas.tramos import (
    CLASE_AUSENTISMO,
    CLASE_INCAPACIDAD,
    CLASE_NORMAL,
    CLASE_VACIA,
    Tramos,
)
from buzon.legal.errores import ErrorLegal

Enteros = NDArray[np.int64]
UNIDADES_POR_CENTAVO = 10_000_000
MAXIMO_DIAS, MAXIMO_TOPE_CENTAVOS, MAXIMA_TASA = 62, 2_500_000_000, 10_000_000
assert MAXIMO_DIAS * MAXIMO_TOPE_CENTAVOS * MAXIMA_TASA < 2**63 - 1
MAXIMO_SBC_CENTAVOS = 9_999_999_999
_BASES = {"uma": 0, "excedente": 1, "sbc": 2}


def unidades_de_tasa(por_ciento: Decimal) -> int:
    """A percent with up to five decimals as integer rate units (10⁻⁷)."""
    unidades = por_ciento * 100_000
    if unidades != unidades.to_integral_value():
        raise ErrorLegal(f"La tasa {por_ciento} % tiene más de cinco decimales.", "prima_rt")
    return int(unidades)


@dataclass(frozen=True)
class Epocas:
    """The parameters as integers, one row per interval between two cuts (`cortes`)."""

    cortes: Enteros  # date ordinals; época e covers [cortes[e], cortes[e + 1])
    valida: NDArray[np.bool_]
    uma: Enteros
    minimo: Enteros  # (épocas, zonas)
    tope: Enteros
    umbral: Enteros
    base: Enteros  # (épocas, conceptos con tasa): 0 UMA, 1 excedente, 2 SBC
    patron: Enteros  # (épocas, conceptos con tasa), rate units
    obrero: Enteros
    cyv: Enteros  # (épocas, bandas), rate units
    limites: Enteros  # the middle bands' upper bounds, hundredths of a UMA


def epocas(p: Parametros) -> Epocas:
    cortes = p.cortes()
    e, k, b = len(cortes), len(CONCEPTOS_CON_TASA), len(p.bandas_cyv)
    tablas = {n: np.zeros(e, np.int64) for n in ("uma", "tope", "umbral")}
    minimo, cyv = np.zeros((e, len(ZONAS)), np.int64), np.zeros((e, b), np.int64)
    base, patron, obrero = (np.zeros((e, k), np.int64) for _ in range(3))
    valida = np.zeros(e, np.bool_)
    for i, dia in enumerate(cortes):
        try:
            tablas["uma"][i] = _centavos(p.uma_del_dia(dia))
            tablas["tope"][i] = _centavos(p.tope_del_dia(dia))
            tablas["umbral"][i] = _centavos(p.umbral_excedente(dia))
            minimo[i] = [_centavos(p.salario_minimo_del_dia(dia, z)) for z in ZONAS]
            cyv[i] = [unidades_de_tasa(t) for t in p.tasas_cyv_patron(dia)]
            for j, concepto in enumerate(CONCEPTOS_CON_TASA):
                tasa = p.tasa(concepto, dia)
                base[i, j] = _BASES[tasa.base]
                patron[i, j] = unidades_de_tasa(tasa.patron or Decimal(0))
                obrero[i, j] = unidades_de_tasa(tasa.obrero)
        except ErrorLegal:
            continue
        valida[i] = True
    limites = [int(banda.hasta_uma * 100) for banda in p.bandas_cyv[1:-1] if banda.hasta_uma]
    ordinales = np.array([c.toordinal() for c in cortes], np.int64)
    return Epocas(
        ordinales, valida, tablas["uma"], minimo, tablas["tope"], tablas["umbral"],
        base, patron, obrero, cyv, np.array(limites, np.int64),
    )  # fmt: skip


def _centavos(pesos: Decimal) -> int:
    return int(pesos * 100)


@dataclass(frozen=True)
class ResultadoLote:
    """Per worker-period: centavos per concept (columns in `conceptos` order) and days.
    `bajo_minimo[i]`: some vigente day's SBC was below that day's minimum wage (LSS 28); that
    worker-period's amounts are 0 and the reference path names the movement."""

    periodo: Periodo
    conceptos: tuple[str, ...]
    patron: Enteros  # (n, conceptos)
    obrero: Enteros
    cotizados: Enteros
    ausentismos: Enteros
    incapacidades: Enteros
    bajo_minimo: NDArray[np.bool_]

    @property
    def total_patron(self) -> Enteros:
        return self.patron.sum(axis=1, dtype=np.int64)  # type: ignore[no-any-return]

    @property
    def total_obrero(self) -> Enteros:
        return self.obrero.sum(axis=1, dtype=np.int64)  # type: ignore[no-any-return]

    def fila(self, i: int) -> dict[str, object]:
        """Worker-period i in the shape of `buzon cuotas calcular` (and `Cuotas.como_dict`)."""
        tp, to = int(self.patron[i].sum()), int(self.obrero[i].sum())
        return {
            "periodo": self.periodo.clave,
            "dias": {
                "cotizados": int(self.cotizados[i]),
                "ausentismos": int(self.ausentismos[i]),
                "incapacidades": int(self.incapacidades[i]),
            },
            "cuotas": {
                c: {"patron": _pesos(self.patron[i, j]), "obrero": _pesos(self.obrero[i, j])}
                for j, c in enumerate(self.conceptos)
            },
            "total_patron": _pesos(tp),
            "total_obrero": _pesos(to),
            "total": _pesos(tp + to),
        }


def _pesos(centavos: int | np.int64) -> str:
    valor = int(centavos)
    return f"{valor // 100}.{valor % 100:02d}"


def sumar_por_grupo(valores: Enteros, grupo: Enteros, grupos: int) -> Enteros:
    """Registro totals: the sum of the workers' rounded centavos, row `grupo[i]` (exact)."""
    salida = np.zeros((grupos, *valores.shape[1:]), np.int64)
    np.add.at(salida, grupo, valores)
    return salida


def _falla(texto: str) -> ErrorLegal:
    return ErrorLegal(f"Lote de cuotas: {texto}", "tramos")


def _exigir_forma(
    t: Tramos, periodo: Periodo, prima: Enteros | None, zona: NDArray[np.int8]
) -> Enteros:
    """The tramos' invariants (see `tramos`); returns the index of each worker's first tramo."""
    largo = len(t.trabajador)
    if any(len(a) != largo for a in (t.inicio, t.dias, t.sbc, t.clase)) or len(zona) != t.n:
        raise _falla("las columnas de los tramos y de los trabajadores no tienen el mismo largo.")
    if t.n == 0:
        return np.zeros(0, np.int64)
    primeros = np.flatnonzero(np.r_[True, t.trabajador[1:] != t.trabajador[:-1]])
    if len(primeros) != t.n or np.any(t.trabajador[primeros] != np.arange(t.n)):
        raise _falla("cada trabajador 0…n−1 debe tener al menos un tramo, en orden.")
    vacia = t.clase == CLASE_VACIA
    if np.any((t.clase < 0) | (t.clase > CLASE_VACIA)) or np.any(vacia & (t.dias != 0)):
        raise _falla("clase de tramo desconocida, o un tramo vacío con días.")
    if np.any(~vacia & ((t.dias < 1) | (t.sbc < 1) | (t.sbc > MAXIMO_SBC_CENTAVOS))):
        raise _falla("cada tramo con días necesita días ≥ 1 y un SBC entre 0.01 y 99,999,999.99.")
    fin = t.inicio + t.dias
    if np.any(t.inicio < periodo.inicio.toordinal()) or np.any(fin > periodo.fin.toordinal() + 1):
        raise _falla(f"hay tramos fuera del periodo {periodo.clave}.")
    mismo = t.trabajador[1:] == t.trabajador[:-1]
    if np.any(mismo & (t.inicio[1:] < fin[:-1])):
        raise _falla("los tramos de un trabajador se traslapan o no están en orden de fecha.")
    if periodo.emision == "EMA":
        minima, maxima = unidades_de_tasa(PRIMA_MINIMA), unidades_de_tasa(PRIMA_MAXIMA)
        if prima is None or len(prima) != t.n or np.any((prima < minima) | (prima > maxima)):
            raise _falla("la emisión mensual necesita una prima de riesgos por trabajador, "
                         f"de {PRIMA_MINIMA} a {PRIMA_MAXIMA} por ciento (LSS 74).")  # fmt: skip
    if np.any((zona < 0) | (zona >= len(ZONAS))):
        raise _falla("zona desconocida: 0 = general, 1 = zlfn.")
    return primeros


def _epoca(t: Tramos, tabla: Epocas) -> Enteros:
    activo = t.clase != CLASE_VACIA
    e0 = np.searchsorted(tabla.cortes, t.inicio, side="right") - 1
    e1 = np.searchsorted(tabla.cortes, t.inicio + np.maximum(t.dias, 1) - 1, side="right") - 1
    if np.any(activo & (e0 != e1)):
        raise _falla("un tramo cruza un cambio de parámetros (córtelo en Parametros.cortes()).")
    malas = activo & ((e0 < 0) | ~tabla.valida[np.maximum(e0, 0)])
    if np.any(malas):
        dia = date.fromordinal(int(t.inicio[np.argmax(malas)]))
        raise ErrorLegal(f"No hay parámetros de cuotas publicados para el {dia}.", "periodo")
    return np.where(activo, e0, int(np.argmax(tabla.valida)))


def calcular(
    t: Tramos,
    periodo: Periodo,
    prima_rt: Enteros | None,
    zona: NDArray[np.int8],
    parametros: Parametros | None = None,
) -> ResultadoLote:
    """The cuotas of `t.n` worker-periods of one period. `prima_rt[i]` in rate units (EMA only,
    see `unidades_de_tasa`); `zona[i]` 0 general, 1 zlfn."""
    primeros = _exigir_forma(t, periodo, prima_rt, zona)
    tabla = epocas(parametros or vigentes())
    lista = conceptos(periodo)
    if t.n == 0:
        vacio = np.zeros((0, len(lista)), np.int64)
        nada = np.zeros(0, np.int64)
        return ResultadoLote(periodo, lista, vacio, vacio, nada, nada, nada, nada.astype(bool))
    e = _epoca(t, tabla)
    activo = t.clase != CLASE_VACIA
    minimo = tabla.minimo[e, zona[t.trabajador]]
    bajo = activo & (t.sbc < minimo)
    sm = activo & (t.sbc == minimo)  # LSS 36 and the «1.00 SM» row
    uma = tabla.uma[e]
    sbc = np.minimum(t.sbc, tabla.tope[e])  # LSS 28
    bases = (uma, np.maximum(sbc - tabla.umbral[e], 0), sbc)
    dias = {  # LSS 31
        "enfermedades": t.dias * (t.clase != CLASE_INCAPACIDAD),
        "salario": t.dias * (t.clase == CLASE_NORMAL),
        "retiro": t.dias * (t.clase != CLASE_AUSENTISMO),
    }
    grupo = dict.fromkeys(("cuota_fija", "excedente", "prestaciones_dinero"), "enfermedades")
    grupo |= {"gastos_medicos_pensionados": "enfermedades", "retiro": "retiro"}
    grupo |= {"infonavit": "retiro"}
    activas = e[activo]
    una_epoca = bool(np.all(activas == activas[0])) if len(activas) else True
    e_unica = int(activas[0]) if len(activas) else int(e[0])
    sumas: dict[tuple[str, int, bool], Enteros] = {}

    def suma(g: str, base: int, solo_minimo: bool) -> Enteros:
        """Σ per worker of days × base (on minimum-wage tramos only, if asked), memoized."""
        if (g, base, solo_minimo) not in sumas:
            w = dias[g] * bases[base]
            sumas[g, base, solo_minimo] = np.add.reduceat(w * sm if solo_minimo else w, primeros)
        return sumas[g, base, solo_minimo]

    patron = np.zeros((t.n, len(lista)), np.int64)
    obrero = np.zeros((t.n, len(lista)), np.int64)
    for j, concepto in enumerate(lista):
        g = grupo.get(concepto, "salario")
        if concepto == "riesgos_trabajo":  # the prima is the worker's for the whole period
            assert prima_rt is not None
            up, uo = suma(g, 2, False) * prima_rt, np.zeros(t.n, np.int64)
        elif una_epoca and concepto != "cesantia_vejez":
            # One set of rates for every tramo: Σ rate × w = rate × Σ w, exactly (integers).
            k = CONCEPTOS_CON_TASA.index(concepto)
            base, rp, ro = (int(x[e_unica, k]) for x in (tabla.base, tabla.patron, tabla.obrero))
            todo = suma(g, base, False)
            minimo_sum = suma(g, base, True) if ro else np.zeros(t.n, np.int64)
            up, uo = rp * todo + ro * minimo_sum, ro * (todo - minimo_sum)
        else:
            up, uo = _por_tramo(concepto, dias[g], bases, tabla, e, sbc, uma, sm, primeros)
        patron[:, j] = _redondear(up)
        obrero[:, j] = _redondear(uo)
    malos = np.add.reduceat(bajo.astype(np.int64), primeros) > 0
    patron[malos] = 0
    obrero[malos] = 0
    return ResultadoLote(
        periodo,
        lista,
        patron,
        obrero,
        np.add.reduceat(t.dias * activo, primeros),
        np.add.reduceat(t.dias * (t.clase == CLASE_AUSENTISMO), primeros),
        np.add.reduceat(t.dias * (t.clase == CLASE_INCAPACIDAD), primeros),
        malos,
    )


def _por_tramo(
    concepto: str,
    d: Enteros,
    bases: tuple[Enteros, Enteros, Enteros],
    tabla: Epocas,
    e: Enteros,
    sbc: Enteros,
    uma: Enteros,
    sm: NDArray[np.bool_],
    primeros: Enteros,
) -> tuple[Enteros, Enteros]:
    """Rates tramo by tramo (the CyV band, or a period across a parameter change), summed."""
    k = CONCEPTOS_CON_TASA.index(concepto)
    b = bases[int(tabla.base[e[0], k])] if _una_base(tabla, k) else _base(bases, tabla, e, k)
    rp = tabla.patron[e, k]
    if concepto == "cesantia_vejez":  # LSS 168-II: first band whose bound × UMA ≥ SBC
        banda = 1 + (sbc[:, None] * 100 > tabla.limites[None, :] * uma[:, None]).sum(1)
        rp = tabla.cyv[e, np.where(sm, 0, banda)]
    ro = tabla.obrero[e, k]
    w = d * b
    up, uo = w * (rp + np.where(sm, ro, 0)), w * np.where(sm, 0, ro)
    return np.add.reduceat(up, primeros), np.add.reduceat(uo, primeros)


def _una_base(tabla: Epocas, k: int) -> bool:
    return bool(np.all(tabla.base[tabla.valida, k] == tabla.base[tabla.valida, k][0]))


def _base(bases: tuple[Enteros, Enteros, Enteros], tabla: Epocas, e: Enteros, k: int) -> Enteros:
    elegida: Enteros = np.choose(tabla.base[e, k], bases)
    return elegida


def _redondear(unidades: Enteros) -> Enteros:
    """Half-up to centavos (amounts are never negative)."""
    return (unidades + UNIDADES_POR_CENTAVO // 2) // UNIDADES_POR_CENTAVO
