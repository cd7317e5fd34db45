"""Checking one row of the afiliación files, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from buzon.cuotas.filas import (
    COLUMNAS_MOVIMIENTOS,
    COLUMNAS_PRIMAS,
    FilaMovimiento,
    FilaPrima,
    inicio_de_periodo_prima,
    validar_movimiento,
    validar_prima,
)
from buzon.padron.lectura import ErrorFila
from tests.cuotas.ayudas import CURP, REGISTRO, movimiento, nss


def celdas(*valores: str) -> dict[str, str]:
    return dict(zip(COLUMNAS_MOVIMIENTOS, valores, strict=True))


def test_movimiento_bueno_normalizado() -> None:
    fila = validar_movimiento(
        3,
        celdas(
            " y54-12345-10-8 ",
            nss(7),
            CURP.lower(),
            "  Ana   Pérez ",
            "8",
            "2026-04-01",
            "500.5",
            "",
        ),
    )
    assert fila == FilaMovimiento(
        3, REGISTRO, nss(7), CURP, "Ana Pérez", "08", date(2026, 4, 1), Decimal("500.50"), None
    )
    assert validar_movimiento(4, celdas(*movimiento("12", dias="31", sbc=""))).dias == 31


@pytest.mark.parametrize(
    ("valores", "campo", "texto"),
    [
        (movimiento(registro="Y541234510"), "registro_patronal", "no es un registro patronal"),
        ((*movimiento()[:1], "92919084432", *movimiento()[2:]), "nss", "dígito verificador"),
        (movimiento(curp_="BOXW310820HNERXN08"), "curp", "no es una CURP válida"),
        (movimiento(nombre=" "), "nombre", "falta el nombre"),
        (movimiento("09"), "tipo", "no es un tipo de movimiento"),
        (movimiento(fecha="2026-02-30"), "fecha", "no es una fecha"),
        (movimiento(fecha="01/04/2026"), "fecha", "AAAA-MM-DD"),
        (movimiento(sbc="0"), "sbc", "mayores que cero"),
        (movimiento(sbc="500.001"), "sbc", "a lo más dos decimales"),
        (movimiento(sbc="-5"), "sbc", "no es un salario"),
        (movimiento(sbc=""), "sbc", "falta el salario"),
        (movimiento("07", sbc="1e3"), "sbc", "no es un salario"),
        (movimiento("02", sbc="500.00"), "sbc", "no lleva salario"),
        (movimiento("08", dias="3"), "dias", "no lleva días"),
        (movimiento("11", sbc="", dias="0"), "dias", "de 1 a 31"),
        (movimiento("12", sbc="", dias="32"), "dias", "de 1 a 31"),
        (movimiento("11", sbc="", dias=""), "dias", "faltan los días"),
        (movimiento("11", sbc="", dias="2.5"), "dias", "no es un número de días"),
    ],
)
def test_cada_campo_malo_se_nombra(valores: tuple[str, ...], campo: str, texto: str) -> None:
    with pytest.raises(ErrorFila) as error:
        validar_movimiento(9, celdas(*valores))
    assert [c for c, _ in error.value.problemas] == [campo]
    assert texto in error.value.problemas[0][1]
    assert str(error.value).startswith(f"línea 9, campo «{campo}»: ")


def test_varios_campos_malos_en_una_fila() -> None:
    with pytest.raises(ErrorFila) as error:
        validar_movimiento(2, celdas("X", "1", "Y", "", "99", "ayer", "", ""))
    assert [c for c, _ in error.value.problemas] == [
        "registro_patronal",
        "nss",
        "curp",
        "nombre",
        "tipo",
        "fecha",
    ]


def _prima(*valores: str) -> dict[str, str]:
    return dict(zip(COLUMNAS_PRIMAS, valores, strict=True))


def test_prima() -> None:
    assert validar_prima(2, _prima(REGISTRO, "2026-03-01", "0.54355")) == FilaPrima(
        2, REGISTRO, date(2026, 3, 1), Decimal("0.54355")
    )
    assert validar_prima(2, _prima(REGISTRO, "2026-03-01", "15")).prima == Decimal("15.00000")


@pytest.mark.parametrize(
    ("valores", "campo", "texto"),
    [
        ((REGISTRO, "2026-04-01", "0.54355"), "vigente_desde", "escriba 2026-03-01"),
        ((REGISTRO, "2026-02-01", "0.54355"), "vigente_desde", "escriba 2025-03-01"),
        ((REGISTRO, "2026-03-01", "0.543551"), "prima", "cinco decimales"),
        ((REGISTRO, "2026-03-01", "0.00544"), "prima", "LSS 74"),
        ((REGISTRO, "2026-03-01", "15.00001"), "prima", "LSS 74"),
        ((REGISTRO, "2026-03-01", "0.49999"), "prima", "LSS 74"),
        ((REGISTRO, "2026-03-01", ""), "prima", "falta la prima"),
    ],
)
def test_prima_mala(valores: tuple[str, str, str], campo: str, texto: str) -> None:
    with pytest.raises(ErrorFila) as error:
        validar_prima(5, _prima(*valores))
    assert error.value.problemas[0][0] == campo and texto in error.value.problemas[0][1]


def test_periodo_de_la_prima_de_marzo_a_febrero() -> None:
    assert inicio_de_periodo_prima(date(2026, 2, 28)) == date(2025, 3, 1)
    assert inicio_de_periodo_prima(date(2026, 3, 1)) == date(2026, 3, 1)
    assert inicio_de_periodo_prima(date(2024, 2, 29)) == date(2023, 3, 1)
