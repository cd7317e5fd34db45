"""The afiliación movements of one worker at one registro patronal, and the rules they must obey.

`08` alta o reingreso (fecha, SBC), `07` modificación de salario (fecha, SBC), `02` baja (fecha),
`11` ausentismo (fecha, días), `12` incapacidad (fecha, días) — LSS 15-I: the employer reports
altas, bajas and salary changes. `validar` turns a list into a `Historia` (the vigencias with
their salaries, the ausentismos and incapacidades) or raises `ErrorLegal` naming the movement
by its position in the list, its type and its date. [I-58]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from buzon.legal.errores import ErrorLegal
from buzon.legal.formato import MESES

ALTA, MODIFICACION, BAJA, AUSENTISMO, INCAPACIDAD = "08", "07", "02", "11", "12"
NOMBRES = {
    ALTA: "alta o reingreso",
    MODIFICACION: "modificación de salario",
    BAJA: "baja",
    AUSENTISMO: "ausentismo",
    INCAPACIDAD: "incapacidad",
}
#: On one date an alta comes first, then a salary change, then a baja (a one-day job is vigente).
_ORDEN_DEL_DIA = {ALTA: 0, MODIFICACION: 1, BAJA: 2}
#: LSS 31-I: absences of fewer than eight days; from the eighth the employer files a baja.
AUSENTISMOS_POR_MES = 7
MAXIMO_SBC = Decimal("99999999.99")
CLAVES = frozenset({"tipo", "fecha", "sbc", "dias"})
_EJEMPLO = '{"tipo": "08", "fecha": "2026-04-01", "sbc": "500.00"}'


@dataclass(frozen=True)
class Movimiento:
    numero: int  # its position (1, 2, …) in the list it came in, to name it in errors
    tipo: str
    fecha: date
    sbc: Decimal | None = None
    dias: int | None = None

    @property
    def ultimo_dia(self) -> date:
        """The last day an ausentismo or incapacidad covers (its date for the others)."""
        return self.fecha + timedelta(days=(self.dias or 1) - 1)

    def nombre(self) -> str:
        """«el movimiento 3 (02 baja del 2026-04-10)»"""
        return f"el movimiento {self.numero} ({self.tipo} {NOMBRES[self.tipo]} del {self.fecha})"

    def titulo(self) -> str:
        """The same, to begin a sentence."""
        return "E" + self.nombre()[1:]


def _falla(numero: int, texto: str) -> ErrorLegal:
    return ErrorLegal(f"Movimiento {numero}: {texto}", "movimientos")


def leer_movimiento(valor: object, numero: int) -> Movimiento:
    """One movement from its JSON object; Spanish errors name the movement and the field."""
    if not isinstance(valor, Mapping):
        raise _falla(numero, f"debe ser un objeto JSON, ej. {_EJEMPLO}.")
    desconocidas = sorted(set(valor) - CLAVES)
    if desconocidas:
        validas = ", ".join(sorted(CLAVES))
        raise _falla(numero, f"clave desconocida «{desconocidas[0]}»; las válidas son {validas}.")
    tipo = valor.get("tipo")
    if tipo not in NOMBRES:
        tipos = ", ".join(f"{t} ({n})" for t, n in NOMBRES.items())
        raise _falla(numero, f"«tipo» debe ser uno de {tipos}; se recibió «{tipo}».")
    fecha_texto = valor.get("fecha")
    try:
        if not isinstance(fecha_texto, str) or len(fecha_texto.strip()) != 10:
            raise ValueError
        fecha = date.fromisoformat(fecha_texto.strip())
    except ValueError:
        raise _falla(numero, f"«fecha» debe ser AAAA-MM-DD; se recibió «{fecha_texto}».") from None
    con_sbc = tipo in (ALTA, MODIFICACION)
    con_dias = tipo in (AUSENTISMO, INCAPACIDAD)
    nombre = f"el {tipo} ({NOMBRES[tipo]})"
    if con_sbc and valor.get("sbc") is None:
        raise _falla(numero, f"{nombre} necesita «sbc», el salario base de cotización diario.")
    if not con_sbc and valor.get("sbc") is not None:
        raise _falla(numero, f"{nombre} no lleva «sbc»; quítelo.")
    if con_dias and valor.get("dias") is None:
        raise _falla(numero, f"{nombre} necesita «dias», el número de días desde «fecha».")
    if not con_dias and valor.get("dias") is not None:
        raise _falla(numero, f"{nombre} no lleva «dias»; quítelo.")
    sbc = _leer_sbc(valor.get("sbc"), numero) if con_sbc else None
    dias = _leer_dias(valor.get("dias"), numero, fecha) if con_dias else None
    return Movimiento(numero, str(tipo), fecha, sbc, dias)


def _leer_sbc(valor: object, numero: int) -> Decimal:
    """A daily SBC in pesos: more than 0, at most two decimals (string or JSON number)."""
    sbc: Decimal | None = None
    if isinstance(valor, str):
        try:
            sbc = Decimal(valor.strip())
        except InvalidOperation:
            sbc = None
    elif isinstance(valor, Decimal | int) and not isinstance(valor, bool):
        sbc = Decimal(valor)
    exponente = sbc.as_tuple().exponent if sbc is not None and sbc.is_finite() else None
    if sbc is None or not isinstance(exponente, int) or exponente < -2:
        raise _falla(
            numero,
            f'«sbc» debe ser un importe con hasta dos decimales, ej. "500.00"; '
            f"se recibió «{valor}».",
        )
    if not Decimal(0) < sbc <= MAXIMO_SBC:
        raise _falla(numero, f"«sbc» debe ser mayor que 0 y a lo más {MAXIMO_SBC}; es {sbc}.")
    return sbc.quantize(Decimal("0.01"))


def _leer_dias(valor: object, numero: int, fecha: date) -> int:
    if isinstance(valor, bool) or not isinstance(valor, int) or valor < 1:
        raise _falla(numero, f"«dias» debe ser un entero de 1 o más; se recibió «{valor}».")
    try:
        fecha + timedelta(days=valor - 1)
    except OverflowError:
        raise _falla(numero, f"«dias» ({valor}) lleva más allá del año 9999.") from None
    return valor


def leer_movimientos(valor: object) -> tuple[Movimiento, ...]:
    if not isinstance(valor, list):
        raise ErrorLegal(
            f"«movimientos» debe ser una lista de objetos, ej. [{_EJEMPLO}].", "movimientos"
        )
    return tuple(leer_movimiento(m, n) for n, m in enumerate(valor, start=1))


# -- the validated history ------------------------------------------------------------------------


@dataclass(frozen=True)
class Vigencia:
    """From an `08` through the next `02` (both days included; `baja` None: still vigente)."""

    alta: Movimiento
    baja: Movimiento | None
    salarios: tuple[Movimiento, ...]  # the 08 and its 07s, by date

    def cubre(self, dia: date) -> bool:
        return self.alta.fecha <= dia and (self.baja is None or dia <= self.baja.fecha)

    def salario_del_dia(self, dia: date) -> Movimiento:
        """LSS 34, 35: the latest 08/07 on or before `dia` (a change takes effect that day)."""
        return [m for m in self.salarios if m.fecha <= dia][-1]


@dataclass(frozen=True)
class Historia:
    vigencias: tuple[Vigencia, ...]
    ausentismos: tuple[Movimiento, ...]
    incapacidades: tuple[Movimiento, ...]

    def vigencia_del_dia(self, dia: date) -> Vigencia | None:
        return next((v for v in self.vigencias if v.cubre(dia)), None)


def validar(movimientos: Sequence[Movimiento]) -> Historia:
    """All the rules below, in this order; the first broken one raises."""
    vigencias = vigencias_de(movimientos)
    ausencias = sorted(
        (m for m in movimientos if m.tipo in (AUSENTISMO, INCAPACIDAD)),
        key=lambda m: (m.fecha, m.numero),
    )
    exigir_dentro_de_vigencia(ausencias, vigencias)
    exigir_sin_traslapes(ausencias)
    ausentismos = tuple(m for m in ausencias if m.tipo == AUSENTISMO)
    exigir_limite_de_ausentismos(ausentismos)
    incapacidades = tuple(m for m in ausencias if m.tipo == INCAPACIDAD)
    return Historia(tuple(vigencias), ausentismos, incapacidades)


def vigencias_de(movimientos: Sequence[Movimiento]) -> list[Vigencia]:
    """LSS 15-I and 37: an alta opens a vigencia, a baja closes it (its day still counts, until
    the baja is filed the obligation subsists); a salary change needs a vigencia open that day
    and a day has one SBC. [I-58]"""
    ordenados = sorted(
        (m for m in movimientos if m.tipo in _ORDEN_DEL_DIA),
        key=lambda m: (m.fecha, _ORDEN_DEL_DIA[m.tipo], m.numero),
    )
    vigencias: list[Vigencia] = []
    alta: Movimiento | None = None
    salarios: list[Movimiento] = []
    for m in ordenados:
        if m.tipo == ALTA and alta is not None:
            raise ErrorLegal(_dos_altas(m, alta, ordenados), "movimientos")
        if m.tipo != ALTA and alta is None:
            raise ErrorLegal(
                f"{m.titulo()} no tiene un alta (08) vigente ese día: "
                "presente antes el alta o reingreso, o corrija la fecha.",
                "movimientos",
            )
        if m.tipo == ALTA:
            alta, salarios = m, [m]
        elif m.tipo == MODIFICACION:
            if salarios[-1].fecha == m.fecha:
                raise ErrorLegal(
                    f"{m.titulo()} cae el mismo día que "
                    f"{salarios[-1].nombre()}: un día tiene un solo SBC; deje un solo "
                    "movimiento con el salario de ese día.",
                    "movimientos",
                )
            salarios.append(m)
        else:
            assert alta is not None
            vigencias.append(Vigencia(alta, m, tuple(salarios)))
            alta, salarios = None, []
    if alta is not None:
        vigencias.append(Vigencia(alta, None, tuple(salarios)))
    return vigencias


def _dos_altas(m: Movimiento, alta: Movimiento, ordenados: Sequence[Movimiento]) -> str:
    texto = (
        f"{m.titulo()} es un alta, pero el trabajador sigue vigente "
        f"por {alta.nombre()} sin una baja (02) antes"
    )
    if any(o.tipo == BAJA and o.fecha == m.fecha for o in ordenados):
        return texto + (
            f": la baja del {m.fecha} cuenta como día vigente (LSS 37), así que el reingreso "
            "debe ser al día siguiente o después."
        )
    return texto + ": presente la baja antes del reingreso."


def exigir_dentro_de_vigencia(
    ausencias: Sequence[Movimiento], vigencias: Sequence[Vigencia]
) -> None:
    """LSS 31: ausentismos and incapacidades happen while the labour relation subsists, so every
    day they cover lies inside one vigencia."""
    for m in ausencias:
        if not any(v.cubre(m.fecha) and v.cubre(m.ultimo_dia) for v in vigencias):
            fuera = m.fecha
            while any(v.cubre(fuera) for v in vigencias):
                fuera += timedelta(days=1)
            raise ErrorLegal(
                f"{m.titulo()} cubre del {m.fecha} al {m.ultimo_dia}, "
                f"pero el trabajador no está vigente el {fuera}: un {m.tipo} solo puede caer "
                "entre un alta (08) y su baja (02).",
                "movimientos",
            )


def exigir_sin_traslapes(ausencias: Sequence[Movimiento]) -> None:
    """A day is ausentismo or incapacidad, not both, and is not reported twice (LSS 31-I, IV)."""
    previa: Movimiento | None = None
    for m in ausencias:  # sorted by date
        if previa is not None and m.fecha <= previa.ultimo_dia:
            if m.tipo != previa.tipo:
                texto = (
                    f"El {m.fecha} es a la vez ausentismo e incapacidad ({previa.nombre()} y "
                    f"{m.nombre()}): un día no puede ser ambos; corrija uno de los dos."
                )
            else:
                texto = (
                    f"{m.titulo()} repite días de {previa.nombre()} "
                    f"(el {m.fecha}): cada día se reporta una sola vez."
                )
            raise ErrorLegal(texto, "movimientos")
        if previa is None or m.ultimo_dia > previa.ultimo_dia:
            previa = m


def exigir_limite_de_ausentismos(ausentismos: Sequence[Movimiento]) -> None:
    """LSS 31-I: absences of fewer than eight days, consecutive or not, are reported as
    ausentismo; from the eighth the employer files a baja. So at most 7 ausentismo days in a
    calendar month, and never 8 consecutive ones. [I-59]"""
    por_mes: Counter[tuple[int, int]] = Counter()
    corrida_desde: date | None = None
    anterior: Movimiento | None = None
    for m in ausentismos:  # sorted by date, without overlaps
        seguida = anterior is not None and m.fecha == anterior.ultimo_dia + timedelta(days=1)
        corrida_desde = corrida_desde if seguida and corrida_desde else m.fecha
        if (m.ultimo_dia - corrida_desde).days + 1 > AUSENTISMOS_POR_MES:
            raise ErrorLegal(
                f"{m.titulo()} forma 8 o más días consecutivos de "
                f"ausentismo (del {corrida_desde} al {m.ultimo_dia}): desde el octavo día el "
                "patrón debe presentar la baja (02), LSS 31-I.",
                "movimientos",
            )
        assert m.dias is not None
        for n in range(m.dias):
            dia = m.fecha + timedelta(days=n)
            por_mes[dia.year, dia.month] += 1
            if por_mes[dia.year, dia.month] > AUSENTISMOS_POR_MES:
                raise ErrorLegal(
                    f"{m.titulo()} lleva a "
                    f"{por_mes[dia.year, dia.month]} los días de ausentismo de "
                    f"{MESES[dia.month - 1]} de {dia.year}: el máximo es {AUSENTISMOS_POR_MES} "
                    "en un mes (LSS 31-I); desde el octavo el patrón debe presentar la baja (02).",
                    "movimientos",
                )
        anterior = m
