"""The annual prima de riesgos de trabajo (LSS 71–74; relación 10.3, 10.4). Pure: no Django.

LSS 72: «las empresas deberán calcular sus primas, multiplicando la siniestralidad de la empresa
por un factor de prima, y al producto se le sumará el 0.005 … Prima = [(S/365)+V * (I + D)] *
(F/N) + M», with V = 28, F = 2.3 (2.2 «con un sistema de administración y seguridad en el
trabajo acreditado por la Secretaría del Trabajo y Previsión Social»), M = 0.005; en trayecto
accidents are not counted.

LSS 74: the prima «podrá ser modificada, aumentándola o disminuyéndola en una proporción no mayor
al uno por ciento con respecto a la del año inmediato anterior … Estas modificaciones no podrán
exceder los límites fijados para la prima mínima y máxima, que serán de cero punto cinco por
ciento y quince por ciento».

LSS 73: a registro inscribed for the first time pays «la prima media de la clase».

Arithmetic is exact: the inputs are `Decimal`/`int`, the divisions (S/365, F/N, días/365) are
`Fraction`s, and only the result is rounded, once, half up to five decimals of a percent
[I-129]. The ±1 point and the bounds apply to that rounded computed prima, in that order; the
`limite` reported is the last one applied [I-130].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from buzon.legal.cuotas.movimientos import Historia
from buzon.legal.errores import ErrorLegal

V = 28
F_GENERAL = Decimal("2.3")
F_SISTEMA_ACREDITADO = Decimal("2.2")
M = Decimal("0.005")
PRIMA_MINIMA = Decimal("0.50000")
PRIMA_MAXIMA = Decimal("15.00000")
#: LSS 74: «en una proporción no mayor al uno por ciento» of the salarios (one point of percent).
VARIACION_MAXIMA = Decimal("1")
DIAS_DEL_ANIO = 365
CINCO_DECIMALES = Decimal("0.00001")

#: LSS 73, «Prima media … en por cientos».
PRIMAS_MEDIAS: dict[str, Decimal] = {
    "I": Decimal("0.54355"),
    "II": Decimal("1.13065"),
    "III": Decimal("2.59840"),
    "IV": Decimal("4.65325"),
    "V": Decimal("7.58875"),
}

INCREMENTO = "incremento"
DECREMENTO = "decremento"
MINIMA = "minima"
MAXIMA = "maxima"
LIMITES = (INCREMENTO, DECREMENTO, MINIMA, MAXIMA)
NOMBRES_LIMITES = {
    INCREMENTO: "aumento máximo de un punto sobre la prima anterior (LSS 74)",
    DECREMENTO: "disminución máxima de un punto bajo la prima anterior (LSS 74)",
    MINIMA: "prima mínima de 0.50000 % (LSS 74)",
    MAXIMA: "prima máxima de 15.00000 % (LSS 74)",
}


@dataclass(frozen=True)
class Siniestralidad:
    """What the determination reads. `trabajadores` is N (workers average exposed) or None when
    `dias_cotizados` is given (N = días ÷ 365); exactly one of the two."""

    dias_subsidiados: int  # S
    incapacidades: Decimal  # I: Σ % of permanent incapacity ÷ 100
    defunciones: int  # D
    trabajadores: Decimal | None = None  # N
    dias_cotizados: int | None = None
    prima_anterior: Decimal | None = None
    sistema_seguridad: bool = False


@dataclass(frozen=True)
class Determinacion:
    entrada: Siniestralidad
    n: Fraction
    f: Decimal
    #: (S/365 + V·(I + D)) · (F/N) + M, exact (a rate, not a percent).
    exacta: Fraction
    prima_calculada: Decimal  # percent, five decimals
    prima: Decimal  # after LSS 74's limits
    limites: tuple[str, ...]  # every limit applied, in order

    @property
    def limite(self) -> str | None:
        return self.limites[-1] if self.limites else None

    @property
    def sin_casos(self) -> bool:
        e = self.entrada
        return e.dias_subsidiados == 0 and e.incapacidades == 0 and e.defunciones == 0


def porcentaje(valor: Decimal) -> str:
    """«3.30296»: a percent with five decimals."""
    return str(valor.quantize(CINCO_DECIMALES))


def decimal_de(fraccion: Fraction, decimales: int = 5) -> Decimal:
    """Half up to `decimales` (for display of N and the like; the prima uses `redondear`)."""
    escala = 10**decimales
    entero = (fraccion * escala + Fraction(1, 2)).__floor__()
    return Decimal(entero).scaleb(-decimales)


def redondear_porcentaje(tasa: Fraction) -> Decimal:
    """A rate (0.0330296…) as a percent with five decimals, half up (never negative here)."""
    return decimal_de(tasa * 100, 5)


def _exigir_no_negativo(valor: int | Decimal, campo: str, nombre: str) -> None:
    if isinstance(valor, bool) or not isinstance(valor, int | Decimal):
        raise ErrorLegal(f"«{campo}» ({nombre}) debe ser un número.", campo)
    if isinstance(valor, Decimal) and not valor.is_finite():
        raise ErrorLegal(f"«{campo}» ({nombre}) debe ser un número finito.", campo)
    if valor < 0:
        raise ErrorLegal(f"«{campo}» ({nombre}) no puede ser negativo; se recibió {valor}.", campo)


def exigir_prima(prima: Decimal, campo: str) -> Decimal:
    """A prima as registered: percent, at most five decimals, 0.5 to 15 (LSS 74)."""
    if not prima.is_finite() or prima.as_tuple().exponent < -5:  # type: ignore[operator]
        raise ErrorLegal(
            f"«{campo}» debe ser un porcentaje con a lo más cinco decimales, ej. 2.59840.", campo
        )
    if not PRIMA_MINIMA <= prima <= PRIMA_MAXIMA:
        raise ErrorLegal(
            f"«{campo}» debe estar entre 0.50000 y 15.00000 (LSS 74); se recibió {prima}.", campo
        )
    return prima.quantize(CINCO_DECIMALES)


def trabajadores_expuestos(entrada: Siniestralidad) -> Fraction:
    """N: given, or días cotizados ÷ 365; it must be greater than zero."""
    if entrada.trabajadores is not None and entrada.dias_cotizados is not None:
        raise ErrorLegal("Indique «N» o «dias_cotizados», no ambos.", "N")
    if entrada.dias_cotizados is not None:
        _exigir_no_negativo(entrada.dias_cotizados, "dias_cotizados", "días cotizados")
        if entrada.dias_cotizados == 0:
            raise ErrorLegal(
                "«dias_cotizados» debe ser mayor que cero: sin días cotizados en el seguro de "
                "riesgos de trabajo no hay trabajadores expuestos (N).",
                "dias_cotizados",
            )
        return Fraction(entrada.dias_cotizados, DIAS_DEL_ANIO)
    if entrada.trabajadores is None:
        raise ErrorLegal("Falta «N» (trabajadores promedio expuestos) o «dias_cotizados».", "N")
    _exigir_no_negativo(entrada.trabajadores, "N", "trabajadores promedio expuestos")
    if entrada.trabajadores == 0:
        raise ErrorLegal("«N» (trabajadores promedio expuestos) debe ser mayor que cero.", "N")
    return Fraction(entrada.trabajadores)


def aplicar_limites(
    calculada: Decimal, anterior: Decimal | None
) -> tuple[Decimal, tuple[str, ...]]:
    """LSS 74: at most one point above or below the previous prima, then within 0.5–15."""
    prima, aplicados = calculada, []
    if anterior is not None:
        if prima > anterior + VARIACION_MAXIMA:
            prima, aplicados = anterior + VARIACION_MAXIMA, [INCREMENTO]
        elif prima < anterior - VARIACION_MAXIMA:
            prima, aplicados = anterior - VARIACION_MAXIMA, [DECREMENTO]
    if prima < PRIMA_MINIMA:
        prima = PRIMA_MINIMA
        aplicados.append(MINIMA)
    elif prima > PRIMA_MAXIMA:
        prima = PRIMA_MAXIMA
        aplicados.append(MAXIMA)
    return prima.quantize(CINCO_DECIMALES), tuple(aplicados)


def calcular(entrada: Siniestralidad) -> Determinacion:
    """LSS 72 and 74: the computed prima and the prima that applies."""
    _exigir_no_negativo(entrada.dias_subsidiados, "S", "días subsidiados")
    if isinstance(entrada.dias_subsidiados, Decimal) or isinstance(entrada.defunciones, Decimal):
        campo = "S" if isinstance(entrada.dias_subsidiados, Decimal) else "D"
        raise ErrorLegal(f"«{campo}» debe ser un número entero.", campo)
    _exigir_no_negativo(entrada.incapacidades, "I", "suma de incapacidades permanentes ÷ 100")
    _exigir_no_negativo(entrada.defunciones, "D", "defunciones")
    n = trabajadores_expuestos(entrada)
    anterior = (
        None
        if entrada.prima_anterior is None
        else exigir_prima(entrada.prima_anterior, "prima_anterior")
    )
    f = F_SISTEMA_ACREDITADO if entrada.sistema_seguridad else F_GENERAL
    siniestralidad = Fraction(entrada.dias_subsidiados, DIAS_DEL_ANIO) + V * (
        Fraction(entrada.incapacidades) + entrada.defunciones
    )
    exacta = siniestralidad * Fraction(f) / n + Fraction(M)
    calculada = redondear_porcentaje(exacta)
    prima, limites = aplicar_limites(calculada, anterior)
    return Determinacion(entrada, n, f, exacta, calculada, prima, limites)


def prima_media(clase: str) -> Decimal:
    """LSS 73: the prima media of a class (I to V)."""
    try:
        return PRIMAS_MEDIAS[clase.strip().upper()]
    except KeyError:
        raise ErrorLegal(
            f"«{clase}» no es una clase de riesgo: use I, II, III, IV o V (LSS 73).", "clase"
        ) from None


def debe_presentar(determinacion: Determinacion) -> bool:
    """LSS 74 and its Reglamento: those with no cases and at the minimum, or whose prima does not
    change, need not file [I-131]."""
    anterior = determinacion.entrada.prima_anterior
    if anterior is None:
        return True
    if determinacion.prima == anterior.quantize(CINCO_DECIMALES):
        return False
    return not (determinacion.sin_casos and anterior == PRIMA_MINIMA)


def periodo_de_vigencia(anio: int) -> tuple[date, date]:
    """The prima determined on year `anio` (1 Jan–31 Dec, filed in February of the next) is in
    force from 1 March of the next year to the last day of February of the one after."""
    return date(anio + 1, 3, 1), date.fromordinal(date(anio + 2, 3, 1).toordinal() - 1)


def dias_cotizados_rt(historia: Historia, inicio: date, fin: date) -> int:
    """LSS 31-I, 31-IV: the days of `inicio`…`fin` a worker cotizó in riesgos de trabajo: every
    vigente day but ausentismo and incapacidad days (the engine's `referencia.cotiza` for
    `riesgos_trabajo`, counted by intervals) [I-130]."""

    def dias(desde: date, hasta: date) -> int:
        return max(0, (min(hasta, fin) - max(desde, inicio)).days + 1)

    vigentes = sum(
        dias(v.alta.fecha, v.baja.fecha if v.baja is not None else fin) for v in historia.vigencias
    )
    ausentes = sum(
        dias(m.fecha, m.ultimo_dia) for m in (*historia.ausentismos, *historia.incapacidades)
    )
    return vigentes - ausentes
