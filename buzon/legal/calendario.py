"""Días hábiles e inhábiles.

A *día hábil* is a date that is not Saturday or Sunday, not a statutory rest day (CFF art. 12,
primer párrafo) and not a día inhábil declared by the Institute whose scope covers the particular.
Dates are calendar dates in Zona Centro; `plazos` decides which zone a given instant is read in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from buzon.legal.errores import ErrorLegal

#: ISO 3166-2:MX subdivision codes without the "MX-" prefix (the 32 entidades federativas).
ENTIDADES: frozenset[str] = frozenset(
    [
        "AGU",
        "BCN",
        "BCS",
        "CAM",
        "CHH",
        "CHP",
        "CMX",
        "COA",
        "COL",
        "DUR",
        "GRO",
        "GUA",
        "HID",
        "JAL",
        "MEX",
        "MIC",
        "MOR",
        "NAY",
        "NLE",
        "OAX",
        "PUE",
        "QUE",
        "ROO",
        "SIN",
        "SLP",
        "SON",
        "TAB",
        "TAM",
        "TLA",
        "VER",
        "YUC",
        "ZAC",
    ]
)

#: A declared range may not span more than this many days (a typo such as 2026→2062 is refused).
MAXIMO_DIAS_POR_DECLARACION = 366

SABADO, DOMINGO = 5, 6


def _lunes_numero(anio: int, mes: int, n: int) -> date:
    """The n-th Monday of a month."""
    primero = date(anio, mes, 1)
    return primero + timedelta(days=(7 - primero.weekday()) % 7 + 7 * (n - 1))


def transmision_poder_ejecutivo(anio: int) -> date | None:
    """The handover of the Federal Executive, a statutory rest day every six years (CFF art. 12).

    1 December up to 2018 (…, 2006, 2012, 2018); 1 October from 2024 on (2024, 2030, …), after the
    2014 constitutional reform moved the presidential term's start (art. 83 CPEUM).
    """
    if (anio - 2018) % 6 != 0:
        return None
    return date(anio, 12, 1) if anio <= 2018 else date(anio, 10, 1)


@lru_cache(maxsize=512)
def dias_inhabiles_por_ley(anio: int) -> dict[date, str]:
    """Statutory rest days of a year, with their reason (CFF art. 12, primer párrafo)."""
    dias = {
        date(anio, 1, 1): "1 de enero (CFF art. 12)",
        _lunes_numero(anio, 2, 1): "primer lunes de febrero, 5 de febrero (CFF art. 12)",
        _lunes_numero(anio, 3, 3): "tercer lunes de marzo, 21 de marzo (CFF art. 12)",
        date(anio, 5, 1): "1 de mayo (CFF art. 12)",
        date(anio, 5, 5): "5 de mayo (CFF art. 12)",
        date(anio, 9, 16): "16 de septiembre (CFF art. 12)",
        _lunes_numero(anio, 11, 3): "tercer lunes de noviembre, 20 de noviembre (CFF art. 12)",
        date(anio, 12, 25): "25 de diciembre (CFF art. 12)",
    }
    transmision = transmision_poder_ejecutivo(anio)
    if transmision is not None:
        dias[transmision] = "transmisión del Poder Ejecutivo Federal (CFF art. 12)"
    return dias


def clave_subdelegacion(nombre: str) -> str:
    """Subdelegaciones are free text typed by people: «Tijuana», «TIJUANA» and «tijuana » are the
    same office. Compared without case, accents or repeated spaces [I-3]."""
    sin_acentos = "".join(
        c for c in unicodedata.normalize("NFKD", nombre) if not unicodedata.combining(c)
    )
    return " ".join(sin_acentos.casefold().split())


@dataclass(frozen=True, slots=True)
class Ambito:
    """Where a particular is, for the scope of declared days (from the employers' register)."""

    entidad: str | None = None
    subdelegacion: str | None = None


NACIONAL = Ambito()


@dataclass(frozen=True, slots=True)
class DiaInhabilDeclarado:
    """A día inhábil (or range) declared by the Institute, with its legal source and scope.

    Scope: national when both `entidades` and `subdelegaciones` are empty; otherwise it covers a
    particular whose entidad is listed *or* whose subdelegación is listed [I-3].
    """

    desde: date
    hasta: date
    fuente: str
    entidades: frozenset[str] = field(default_factory=frozenset)
    subdelegaciones: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.hasta < self.desde:
            raise ErrorLegal(
                f"La fecha final ({self.hasta.isoformat()}) es anterior a la inicial "
                f"({self.desde.isoformat()}): corrija «hasta».",
                "hasta",
            )
        if (self.hasta - self.desde).days >= MAXIMO_DIAS_POR_DECLARACION:
            raise ErrorLegal(
                f"El periodo declarado abarca más de {MAXIMO_DIAS_POR_DECLARACION} días: "
                "revise «desde» y «hasta» o divídalo en varias declaraciones.",
                "hasta",
            )
        if not self.fuente.strip():
            raise ErrorLegal(
                "Falta la fuente legal (por ejemplo, la publicación en el DOF): llene «fuente».",
                "fuente",
            )
        desconocidas = sorted(self.entidades - ENTIDADES)
        if desconocidas:
            raise ErrorLegal(
                f"Entidad desconocida: {', '.join(desconocidas)}. Use la clave ISO 3166-2:MX sin "
                "«MX-» (por ejemplo CMX, JAL, PUE).",
                "entidades",
            )
        if any(not s.strip() for s in self.subdelegaciones):
            raise ErrorLegal("Hay una subdelegación vacía en la lista.", "subdelegaciones")

    @property
    def nacional(self) -> bool:
        return not self.entidades and not self.subdelegaciones

    def cubre(self, ambito: Ambito) -> bool:
        """Does this declaration apply to a particular in `ambito`?"""
        if self.nacional:
            return True
        return (ambito.entidad is not None and ambito.entidad in self.entidades) or (
            ambito.subdelegacion is not None
            and clave_subdelegacion(ambito.subdelegacion)
            in {clave_subdelegacion(s) for s in self.subdelegaciones}
        )

    def fechas(self) -> Iterator[date]:
        dia = self.desde
        while dia <= self.hasta:
            yield dia
            dia += timedelta(days=1)


#: The dense tables cover these years; dates outside them take the (equally exact) slow path.
TABLA_DESDE = date(2000, 1, 1)
TABLA_HASTA = date(2100, 12, 31)


class Calendario:
    """The días hábiles of one ámbito: statutory days plus the declared days that cover it."""

    def __init__(
        self, declarados: Iterable[DiaInhabilDeclarado] = (), ambito: Ambito = NACIONAL
    ) -> None:
        self.ambito = ambito
        self.declarados: tuple[DiaInhabilDeclarado, ...] = tuple(
            d for d in declarados if d.cubre(ambito)
        )
        self._declarados_por_fecha: dict[date, str] = {}
        for declaracion in self.declarados:
            for dia in declaracion.fechas():
                self._declarados_por_fecha.setdefault(dia, declaracion.fuente)
        # siguiente[i]: ordinal of the first día hábil after TABLA_DESDE + i (0: year not built).
        self._siguiente: list[int] = [0] * _TAMANO

    # -- the definition (CFF art. 12) -------------------------------------------------------------

    def motivo_inhabil(self, dia: date) -> str | None:
        """Why `dia` is not hábil, or None when it is hábil."""
        if dia.weekday() == SABADO:
            return "sábado"
        if dia.weekday() == DOMINGO:
            return "domingo"
        por_ley = dias_inhabiles_por_ley(dia.year).get(dia)
        if por_ley is not None:
            return por_ley
        fuente = self._declarados_por_fecha.get(dia)
        return None if fuente is None else f"declarado inhábil: {fuente}"

    def es_habil(self, dia: date) -> bool:
        return self.motivo_inhabil(dia) is None

    # -- derived: counting días hábiles ----------------------------------------------------------

    def habil_siguiente(self, dia: date) -> date:
        """The first día hábil strictly after `dia`."""
        return date.fromordinal(self.siguiente_ordinal(dia.toordinal()))

    def siguiente_ordinal(self, ordinal: int) -> int:
        """`habil_siguiente` on proleptic ordinals (no date objects: the hot path of bulk work)."""
        indice = ordinal - _ORDINAL_DESDE
        if 0 <= indice < _TAMANO:
            siguiente = self._siguiente[indice]
            if siguiente == 0:
                self._llenar_anio(date.fromordinal(ordinal).year)
                siguiente = self._siguiente[indice]
            return siguiente
        return self._habil_siguiente_lento(date.fromordinal(ordinal)).toordinal()

    def habil_o_siguiente(self, dia: date) -> date:
        """`dia` itself when hábil, else the next día hábil."""
        return dia if self.es_habil(dia) else self.habil_siguiente(dia)

    def habiles_despues(self, dia: date, cuantos: int) -> list[date]:
        """The first `cuantos` días hábiles strictly after `dia`, in order."""
        resultado: list[date] = []
        ordinal = dia.toordinal()
        for _ in range(cuantos):
            ordinal = self.siguiente_ordinal(ordinal)
            resultado.append(date.fromordinal(ordinal))
        return resultado

    def _habil_siguiente_lento(self, dia: date) -> date:
        """The definition, day by day: the reference the tables are tested against."""
        actual = dia
        while True:
            try:
                actual += timedelta(days=1)
            except OverflowError as exc:
                raise ErrorLegal(
                    "La fecha está fuera del intervalo que el calendario puede calcular."
                ) from exc
            if self.es_habil(actual):
                return actual

    def _llenar_anio(self, anio: int) -> None:
        """Fill the table for one year in a backward pass (years are filled on first use)."""
        ultimo = date(anio, 12, 31)
        proximo = self._habil_siguiente_lento(ultimo).toordinal()
        for ordinal in range(ultimo.toordinal(), date(anio, 1, 1).toordinal() - 1, -1):
            self._siguiente[ordinal - _ORDINAL_DESDE] = proximo
            if self.es_habil(date.fromordinal(ordinal)):
                proximo = ordinal


_ORDINAL_DESDE = TABLA_DESDE.toordinal()
_TAMANO = TABLA_HASTA.toordinal() - _ORDINAL_DESDE + 1
