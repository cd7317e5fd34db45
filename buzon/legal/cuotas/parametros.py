"""The parameters of the cuotas as versioned data, each value with its legal source and validity.

Shipped in `datos/parametros.json` (never constants in code): the UMA by date (in force from 1
February to 31 January, so January uses the previous year's), the daily minimum wage by year and
zone (`general`, `zlfn`), the SBC cap and the excedente threshold in UMA, the branch rates, and
the employer's cesantía y vejez table by year and band. `vigentes()` is the shipped set; `cargar`
reads any other (tests, a future reform) with the same checks.

The checks also bound what the exact integer batch path multiplies (see `lote`): a UMA of at most
1,000,000.00, a capped SBC of at most 25,000,000.00 a day, rates of at most 100 % per concept.
Which rates and bases are in force, and why the UMA replaces the minimum wage: [I-63].
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any, Generic, TypeVar

from buzon.legal.errores import ErrorLegal

CONCEPTOS_EMA = (
    "cuota_fija",
    "excedente",
    "prestaciones_dinero",
    "gastos_medicos_pensionados",
    "riesgos_trabajo",
    "invalidez_vida",
    "guarderias",
)
CONCEPTOS_EBA = ("retiro", "cesantia_vejez", "infonavit")
#: The rates in `tasas`: every concept but riesgos de trabajo, whose prima is the registro's.
CONCEPTOS_CON_TASA = tuple(c for c in CONCEPTOS_EMA + CONCEPTOS_EBA if c != "riesgos_trabajo")
ZONAS = ("general", "zlfn")
BASES = ("uma", "excedente", "sbc")

MAXIMO_UMA = Decimal("1000000.00")
MAXIMO_TOPE = Decimal("25000000.00")
CIEN = Decimal(100)

T = TypeVar("T")


@dataclass(frozen=True)
class Vigente(Generic[T]):
    """A value in force from `desde` through `hasta` (both included; None = no end yet)."""

    desde: date
    hasta: date | None
    valor: T
    fuente: str

    def cubre(self, dia: date) -> bool:
        return self.desde <= dia and (self.hasta is None or dia <= self.hasta)


@dataclass(frozen=True)
class Tasa:
    """A branch's rates in percent. `base`: one UMA (`uma`), SBC − 3 UMA (`excedente`) or the
    capped SBC (`sbc`). `patron` None: the employer's rate comes from the cesantía y vejez table."""

    base: str
    patron: Decimal | None
    obrero: Decimal


@dataclass(frozen=True)
class Banda:
    """A row of the LSS 168-II table; `hasta_uma` its upper bound (None: the SM row, the last)."""

    clave: str
    hasta_uma: Decimal | None


@dataclass(frozen=True)
class Parametros:
    version: str
    uma: tuple[Vigente[Decimal], ...]
    salario_minimo: Mapping[str, tuple[Vigente[Decimal], ...]]
    tope_sbc_uma: tuple[Vigente[int], ...]
    excedente_desde_uma: tuple[Vigente[int], ...]
    tasas: Mapping[str, tuple[Vigente[Tasa], ...]]
    bandas_cyv: tuple[Banda, ...]
    tablas_cyv: tuple[Vigente[tuple[Decimal, ...]], ...]

    def uma_del_dia(self, dia: date) -> Decimal:
        """The UMA in force on `dia` (from 1 February; January uses the previous year's)."""
        return _del_dia(self.uma, dia, "UMA", self.version).valor

    def salario_minimo_del_dia(self, dia: date, zona: str) -> Decimal:
        """The daily minimum wage of `zona` in force on `dia` (by calendar year)."""
        if zona not in self.salario_minimo:
            raise ErrorLegal(
                f"«{zona}» no es una zona de salario mínimo: use general o zlfn.", "zona"
            )
        nombre = "salario mínimo de la Zona Libre de la Frontera Norte"
        if zona == "general":
            nombre = "salario mínimo general"
        return _del_dia(self.salario_minimo[zona], dia, nombre, self.version).valor

    def tope_del_dia(self, dia: date) -> Decimal:
        """LSS 28: the SBC's upper limit that day, in pesos (25 UMA)."""
        veces = _del_dia(self.tope_sbc_uma, dia, "tope del SBC", self.version).valor
        return veces * self.uma_del_dia(dia)

    def umbral_excedente(self, dia: date) -> Decimal:
        """LSS 106-II: the SBC above which the excedente is paid (3 UMA), in pesos."""
        veces = _del_dia(self.excedente_desde_uma, dia, "umbral del excedente", self.version)
        return veces.valor * self.uma_del_dia(dia)

    def tasa(self, concepto: str, dia: date) -> Tasa:
        return _del_dia(self.tasas[concepto], dia, f"tasa de {concepto}", self.version).valor

    def tasas_cyv_patron(self, dia: date) -> tuple[Decimal, ...]:
        """LSS 168-II: the employer's cesantía y vejez rate of each band, for `dia`'s year."""
        return _del_dia(self.tablas_cyv, dia, "tabla de cesantía y vejez", self.version).valor

    def cortes(self) -> tuple[date, ...]:
        """Every day on which some parameter starts or stops: between two cuts, all are fixed."""
        listas: list[Sequence[Vigente[Any]]] = [
            self.uma,
            self.tope_sbc_uma,
            self.excedente_desde_uma,
            self.tablas_cyv,
            *self.salario_minimo.values(),
            *self.tasas.values(),
        ]
        dias = set()
        for lista in listas:
            for valor in lista:
                dias.add(valor.desde)
                if valor.hasta is not None:
                    dias.add(valor.hasta + timedelta(days=1))
        return tuple(sorted(dias))


def _del_dia(lista: Sequence[Vigente[T]], dia: date, que: str, version: str) -> Vigente[T]:
    for valor in lista:
        if valor.cubre(dia):
            return valor
    desde = min(v.desde for v in lista).isoformat()
    hasta = "sin término"
    if all(v.hasta is not None for v in lista):
        hasta = max(v.hasta for v in lista if v.hasta is not None).isoformat()
    raise ErrorLegal(
        f"No hay {que} publicado para el {dia.isoformat()}: los parámetros (versión {version}) "
        f"lo cubren del {desde} al {hasta}; calcule un periodo dentro de ese intervalo.",
        "periodo",
    )


# -- loading and checking -------------------------------------------------------------------------


def _falla(donde: str, que: str) -> ErrorLegal:
    return ErrorLegal(f"Parámetros de cuotas, {donde}: {que}", "parametros")


def _decimal(valor: Any, donde: str, decimales: int, maximo: Decimal) -> Decimal:
    if not isinstance(valor, str):
        raise _falla(donde, f'el valor debe ser un texto decimal, ej. "1.05" (es {valor!r}).')
    try:
        numero = Decimal(valor)
    except InvalidOperation:
        raise _falla(donde, f"«{valor}» no es un número decimal.") from None
    if not numero.is_finite() or numero < 0 or numero > maximo:
        raise _falla(donde, f"«{valor}» debe estar entre 0 y {maximo}.")
    exponente = numero.as_tuple().exponent
    if isinstance(exponente, int) and -exponente > decimales:
        raise _falla(donde, f"«{valor}» tiene más de {decimales} decimales.")
    return numero


def _vigencias(
    filas: Any, donde: str, leer: Any, abiertas: bool = True
) -> tuple[Vigente[Any], ...]:
    if not isinstance(filas, list) or not filas:
        raise _falla(donde, "debe ser una lista no vacía de valores con su vigencia.")
    salida: list[Vigente[Any]] = []
    for n, fila in enumerate(filas, start=1):
        lugar = f"{donde}[{n}]"
        if not isinstance(fila, dict) or not isinstance(fila.get("fuente"), str):
            raise _falla(lugar, "cada valor necesita «vigente_desde», «vigente_hasta» y «fuente».")
        try:
            desde = date.fromisoformat(fila["vigente_desde"])
            hasta_texto = fila["vigente_hasta"]
            hasta = None if hasta_texto is None else date.fromisoformat(hasta_texto)
        except (KeyError, TypeError, ValueError):
            raise _falla(lugar, "«vigente_desde»/«vigente_hasta» deben ser AAAA-MM-DD.") from None
        if hasta is not None and hasta < desde:
            raise _falla(lugar, "«vigente_hasta» es anterior a «vigente_desde».")
        if salida and (salida[-1].hasta is None or salida[-1].hasta >= desde):
            raise _falla(lugar, "se traslapa con el valor anterior (ordénelos por fecha).")
        salida.append(Vigente(desde, hasta, leer(fila, lugar), fila["fuente"]))
    return tuple(salida)


def _leer_tasa(fila: Mapping[str, Any], lugar: str) -> Tasa:
    base = fila.get("base")
    if base not in BASES:
        raise _falla(lugar, f"«base» debe ser una de {', '.join(BASES)}.")
    obrero = _decimal(fila.get("obrero"), f"{lugar}.obrero", 5, CIEN)
    patron = None
    if fila.get("patron") != "tabla":
        patron = _decimal(fila.get("patron"), f"{lugar}.patron", 5, CIEN)
        if patron + obrero > CIEN:
            raise _falla(lugar, "la suma de las tasas patronal y obrera excede el 100 %.")
    return Tasa(str(base), patron, obrero)


def cargar(datos: Mapping[str, Any]) -> Parametros:
    """Parameters from their JSON document; a Spanish error naming the place of a bad value."""
    version = datos.get("version")
    if not isinstance(version, str) or not version:
        raise _falla("version", "falta la versión de los parámetros.")

    def importe(maximo: Decimal) -> Any:
        return lambda fila, lugar: _decimal(fila.get("valor"), lugar, 2, maximo)

    def veces(fila: Mapping[str, Any], lugar: str) -> int:
        numero = _decimal(fila.get("valor"), lugar, 0, Decimal(1000))
        return int(numero)

    uma = _vigencias(datos.get("uma"), "uma", importe(MAXIMO_UMA))
    minimos = datos.get("salario_minimo")
    if not isinstance(minimos, dict) or sorted(minimos) != sorted(ZONAS):
        raise _falla("salario_minimo", f"debe tener las zonas {', '.join(ZONAS)}.")
    salario_minimo = {
        z: _vigencias(minimos[z], f"salario_minimo.{z}", importe(MAXIMO_TOPE)) for z in ZONAS
    }
    limites = datos.get("limites") or {}
    tope = _vigencias(limites.get("tope_sbc_uma"), "limites.tope_sbc_uma", veces)
    umbral = _vigencias(limites.get("excedente_desde_uma"), "limites.excedente_desde_uma", veces)
    maximo_veces = max(v.valor for v in tope)
    if max(v.valor for v in uma) * maximo_veces > MAXIMO_TOPE:
        raise _falla("limites.tope_sbc_uma", f"el tope en pesos excedería {MAXIMO_TOPE}.")
    tasas_datos = datos.get("tasas")
    if not isinstance(tasas_datos, dict) or sorted(tasas_datos) != sorted(CONCEPTOS_CON_TASA):
        raise _falla("tasas", f"debe tener los conceptos {', '.join(CONCEPTOS_CON_TASA)}.")
    tasas = {c: _vigencias(tasas_datos[c], f"tasas.{c}", _leer_tasa) for c in CONCEPTOS_CON_TASA}
    if any(t.valor.patron is None for c, v in tasas.items() if c != "cesantia_vejez" for t in v):
        raise _falla("tasas", "solo cesantía y vejez toma la tasa patronal de la tabla.")
    bandas, tablas = _leer_cyv(datos.get("cesantia_vejez_patron"))
    parametros = Parametros(version, uma, salario_minimo, tope, umbral, tasas, bandas, tablas)
    _validar_sumas(parametros)
    return parametros


def _leer_cyv(
    cyv: Any,
) -> tuple[tuple[Banda, ...], tuple[Vigente[tuple[Decimal, ...]], ...]]:
    donde = "cesantia_vejez_patron"
    if not isinstance(cyv, dict) or not isinstance(cyv.get("bandas"), list):
        raise _falla(donde, "faltan «bandas» y «tablas».")
    bandas: list[Banda] = []
    for n, fila in enumerate(cyv["bandas"], start=1):
        hasta = fila.get("hasta_uma") if isinstance(fila, dict) else None
        limite = None if hasta is None else _decimal(hasta, f"{donde}.bandas[{n}]", 2, CIEN)
        bandas.append(Banda(str(fila.get("clave")) if isinstance(fila, dict) else "", limite))
    medios = [b.hasta_uma for b in bandas[1:-1] if b.hasta_uma is not None]
    if len(bandas) < 3 or bandas[0].hasta_uma is not None or bandas[-1].hasta_uma is not None:
        raise _falla(donde, "la primera banda es la del salario mínimo y la última no tiene tope.")
    if len(medios) != len(bandas) - 2 or any(a >= b for a, b in pairwise(medios)):
        raise _falla(donde, "los topes de las bandas intermedias deben crecer estrictamente.")

    def leer(fila: Mapping[str, Any], lugar: str) -> tuple[Decimal, ...]:
        tasas = fila.get("tasas")
        if not isinstance(tasas, list) or len(tasas) != len(bandas):
            raise _falla(lugar, f"«tasas» debe tener una tasa por banda ({len(bandas)}).")
        return tuple(_decimal(t, f"{lugar}.tasas", 5, CIEN) for t in tasas)

    return tuple(bandas), _vigencias(cyv.get("tablas"), f"{donde}.tablas", leer)


def _validar_sumas(parametros: Parametros) -> None:
    """The employer's CyV rate plus the worker's never exceeds 100 % (the batch path's bound)."""
    obreras = [t.valor.obrero for t in parametros.tasas["cesantia_vejez"]]
    for tabla in parametros.tablas_cyv:
        if max(tabla.valor) + max(obreras) > CIEN:
            raise _falla("cesantia_vejez_patron", "una tasa patronal más la obrera excede 100 %.")


@lru_cache(maxsize=1)
def vigentes() -> Parametros:
    """The shipped parameters (`datos/parametros.json`), loaded once."""
    texto = resources.files(__package__).joinpath("datos/parametros.json").read_text("utf-8")
    return cargar(json.loads(texto))
