"""LSS 72–74: table tests of the prima de riesgos de trabajo (the issue's vectors, each limit,
F 2.2, rounding half up at the fifth decimal, bad input)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from buzon.legal.errores import ErrorLegal
from buzon.legal.prima_rt import (
    Siniestralidad,
    aplicar_limites,
    calcular,
    debe_presentar,
    periodo_de_vigencia,
    prima_media,
    redondear_porcentaje,
)

D = Decimal


def s(
    dias: int, incapacidades: str, defunciones: int, n: str | None = None, **extra: object
) -> Siniestralidad:
    """Siniestralidad(S, I, D, N, …) with I and N as text."""
    return Siniestralidad(
        dias,
        D(incapacidades),
        defunciones,
        None if n is None else D(n),
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("entrada", "calculada", "prima", "limite"),
    [
        # The vectors.
        (s(38, "0.10", 0, "238.3"), "3.30296", "3.30296", None),
        (s(0, "0", 0, "5.0", prima_anterior=D("4.65325")), "0.50000", "3.65325", "decremento"),
        # Incremento: computed 3.30296 from a previous 1.13065 → 2.13065.
        (
            s(38, "0.10", 0, "238.3", prima_anterior=D("1.13065")),
            "3.30296",
            "2.13065",
            "incremento",
        ),
        # Within one point: no limit.
        (s(38, "0.10", 0, "238.3", prima_anterior=D("2.59840")), "3.30296", "3.30296", None),
        # Máxima: one death among 10 workers → 6.94 %; without a previous prima over 15 %.
        (s(0, "0", 1, "1"), "6440.50000", "15.00000", "maxima"),
        # Incremento then máxima: the last limit applied is reported.
        (s(0, "0", 1, "1", prima_anterior=D("14.50000")), "6440.50000", "15.00000", "maxima"),
        # Exactly one point above is not limited.
        (s(0, "0", 0, "1", prima_anterior=D("1.50000")), "0.50000", "0.50000", None),
        # N from the days cotizados: 86 980 ÷ 365 = 238.30137 → 3.30294.
        (
            Siniestralidad(38, D("0.10"), 0, dias_cotizados=86_980),
            "3.30294",
            "3.30294",
            None,
        ),
    ],
)
def test_tabla(entrada: Siniestralidad, calculada: str, prima: str, limite: str | None) -> None:
    d = calcular(entrada)
    assert (str(d.prima_calculada), str(d.prima), d.limite) == (calculada, prima, limite)


def test_el_vector_exacto() -> None:
    d = calcular(s(38, "0.10", 0, "238.3"))
    assert d.exacta == (Fraction(38, 365) + 28 * Fraction(1, 10)) * Fraction(23, 10) / Fraction(
        2383, 10
    ) + Fraction(5, 1000)
    assert d.f == D("2.3") and d.n == Fraction(2383, 10)


def test_f_22_con_sistema_acreditado() -> None:
    general = calcular(s(38, "0.10", 0, "238.3"))
    acreditado = calcular(s(38, "0.10", 0, "238.3", sistema_seguridad=True))
    assert acreditado.f == D("2.2")
    # (38/365 + 2.8) · 2.2/238.3 + 0.005 = 3.18109…
    assert str(acreditado.prima_calculada) == "3.18109"
    assert acreditado.prima_calculada < general.prima_calculada


@pytest.mark.parametrize(
    ("incapacidades", "esperada"),
    [
        # 28 · I · 2.3 / 6440 · 100 = I exactly: + 0.5 → 1.000005 (half up), 1.000004, 1.0000051.
        ("0.500005", "1.00001"),
        ("0.500004", "1.00000"),
        ("0.5000050001", "1.00001"),
        ("0.5000049999", "1.00000"),
        ("0.500015", "1.00002"),  # half even would give 1.00002 too; the next one differs
        ("0.500025", "1.00003"),  # half even: 1.00002
    ],
)
def test_redondeo_half_up_en_el_quinto_decimal(incapacidades: str, esperada: str) -> None:
    assert str(calcular(s(0, incapacidades, 0, "6440")).prima_calculada) == esperada


def test_redondear_porcentaje() -> None:
    assert str(redondear_porcentaje(Fraction(1, 3))) == "33.33333"
    assert str(redondear_porcentaje(Fraction(2, 3))) == "66.66667"


@pytest.mark.parametrize(
    ("calculada", "anterior", "prima", "limites"),
    [
        ("5.00000", "3.00000", "4.00000", ("incremento",)),
        ("1.00000", "3.00000", "2.00000", ("decremento",)),
        # The formula cannot give less than M = 0.5 %: the bound is tested on the rule itself.
        ("0.40000", None, "0.50000", ("minima",)),
        ("16.00000", None, "15.00000", ("maxima",)),
        ("16.00000", "14.60000", "15.00000", ("incremento", "maxima")),
        ("3.00000", "3.00000", "3.00000", ()),
    ],
)
def test_cada_limite(
    calculada: str, anterior: str | None, prima: str, limites: tuple[str, ...]
) -> None:
    resultado = aplicar_limites(D(calculada), None if anterior is None else D(anterior))
    assert resultado == (D(prima), limites)


@pytest.mark.parametrize(
    ("entrada", "campo", "texto"),
    [
        (s(-1, "0", 0, "1"), "S", "no puede ser negativo"),
        (s(0, "-0.1", 0, "1"), "I", "no puede ser negativo"),
        (s(0, "0", -2, "1"), "D", "no puede ser negativo"),
        (s(0, "0", 0, "0"), "N", "mayor que cero"),
        (s(0, "0", 0, "-3"), "N", "no puede ser negativo"),
        (s(0, "0", 0), "N", "Falta «N»"),
        (Siniestralidad(0, D(0), 0, dias_cotizados=0), "dias_cotizados", "mayor que cero"),
        (Siniestralidad(0, D(0), 0, dias_cotizados=-5), "dias_cotizados", "negativo"),
        (Siniestralidad(0, D(0), 0, D(1), dias_cotizados=365), "N", "no ambos"),
        (s(0, "0", 0, "1", prima_anterior=D("0.4")), "prima_anterior", "entre 0.50000"),
        (s(0, "0", 0, "1", prima_anterior=D("15.1")), "prima_anterior", "entre 0.50000"),
        (s(0, "0", 0, "1", prima_anterior=D("2.123456")), "prima_anterior", "cinco decimales"),
        (s(0, "NaN", 0, "1"), "I", "finito"),
    ],
)
def test_entrada_mala(entrada: Siniestralidad, campo: str, texto: str) -> None:
    with pytest.raises(ErrorLegal) as exc:
        calcular(entrada)
    assert exc.value.campo == campo
    assert texto in exc.value.mensaje


def test_primas_medias_lss_73() -> None:
    assert [str(prima_media(c)) for c in ("I", "II", "iii", "IV", "V")] == [
        "0.54355",
        "1.13065",
        "2.59840",
        "4.65325",
        "7.58875",
    ]
    with pytest.raises(ErrorLegal) as exc:
        prima_media("VI")
    assert exc.value.campo == "clase"


def test_quien_no_debe_presentar() -> None:
    # Sin casos y en la mínima.
    assert not debe_presentar(calcular(s(0, "0", 0, "10", prima_anterior=D("0.50000"))))
    # Sin cambio.
    assert not debe_presentar(calcular(s(38, "0.10", 0, "238.3", prima_anterior=D("3.30296"))))
    # Con cambio, o sin prima anterior.
    assert debe_presentar(calcular(s(38, "0.10", 0, "238.3", prima_anterior=D("3.00000"))))
    assert debe_presentar(calcular(s(38, "0.10", 0, "238.3")))


def test_periodo_de_vigencia() -> None:
    assert periodo_de_vigencia(2026) == (date(2027, 3, 1), date(2028, 2, 29))
    assert periodo_de_vigencia(2025) == (date(2026, 3, 1), date(2027, 2, 28))
