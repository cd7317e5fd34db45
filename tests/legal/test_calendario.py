"""Días hábiles: CFF art. 12's statutory days, declared days and their scope, fast tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from buzon.legal.calendario import (
    NACIONAL,
    Ambito,
    Calendario,
    DiaInhabilDeclarado,
    dias_inhabiles_por_ley,
    transmision_poder_ejecutivo,
)
from buzon.legal.errores import ErrorLegal
from tests.legal.ayudas import d

# The official statutory calendars, written out by hand (not computed) so the rule is checked.
POR_LEY = {
    2018: ["01-01", "02-05", "03-19", "05-01", "05-05", "09-16", "11-19", "12-01", "12-25"],
    2019: ["01-01", "02-04", "03-18", "05-01", "05-05", "09-16", "11-18", "12-25"],
    2024: ["01-01", "02-05", "03-18", "05-01", "05-05", "09-16", "10-01", "11-18", "12-25"],
    2025: ["01-01", "02-03", "03-17", "05-01", "05-05", "09-16", "11-17", "12-25"],
    2026: ["01-01", "02-02", "03-16", "05-01", "05-05", "09-16", "11-16", "12-25"],
    2027: ["01-01", "02-01", "03-15", "05-01", "05-05", "09-16", "11-15", "12-25"],
    2030: ["01-01", "02-04", "03-18", "05-01", "05-05", "09-16", "10-01", "11-18", "12-25"],
}


@pytest.mark.parametrize(("anio", "dias"), POR_LEY.items())
def test_dias_de_ley_exactos(anio: int, dias: list[str]) -> None:
    assert sorted(dias_inhabiles_por_ley(anio)) == [d(f"{anio}-{md}") for md in dias]


@pytest.mark.parametrize(
    ("anio", "esperado"),
    [
        (2000, date(2000, 12, 1)),
        (2006, date(2006, 12, 1)),
        (2012, date(2012, 12, 1)),
        (2018, date(2018, 12, 1)),
        (2024, date(2024, 10, 1)),
        (2030, date(2030, 10, 1)),
        (2036, date(2036, 10, 1)),
        (2021, None),
        (2023, None),
        (2025, None),
        (2029, None),
    ],
)
def test_transmision_del_poder_ejecutivo(anio: int, esperado: date | None) -> None:
    assert transmision_poder_ejecutivo(anio) == esperado


def test_2024_el_1_de_octubre_es_inhabil_y_el_1_de_diciembre_no() -> None:
    cal = Calendario()
    assert not cal.es_habil(d("2024-10-01"))  # Tuesday
    assert "transmisión" in (cal.motivo_inhabil(d("2024-10-01")) or "")
    assert cal.es_habil(d("2024-12-02"))  # Monday after 1 Dec (a Sunday)
    assert cal.motivo_inhabil(d("2018-12-01")) == "sábado"  # weekend reason first


@pytest.mark.parametrize(
    ("fecha", "habil"),
    [
        ("2026-03-13", True),  # Friday
        ("2026-03-14", False),  # Saturday
        ("2026-03-15", False),  # Sunday
        ("2026-03-16", False),  # third Monday of March
        ("2026-03-17", True),
        ("2026-02-02", False),  # first Monday of February
        ("2026-02-09", True),
        ("2026-11-16", False),  # third Monday of November
        ("2026-11-20", True),  # the commemorated date itself is hábil
        ("2026-02-05", True),  # likewise
        ("2026-03-21", False),  # Saturday anyway
        ("2026-05-05", False),
        ("2026-09-16", False),
        ("2026-12-25", False),
        ("2026-12-24", True),
        ("2027-01-01", False),
    ],
)
def test_es_habil(fecha: str, habil: bool) -> None:
    assert Calendario().es_habil(d(fecha)) is habil


DECLARADOS = [
    DiaInhabilDeclarado(d("2026-04-02"), d("2026-04-03"), "DOF nacional"),
    DiaInhabilDeclarado(
        d("2026-09-14"), d("2026-09-14"), "DOF Jalisco", entidades=frozenset({"JAL"})
    ),
    DiaInhabilDeclarado(
        d("2026-06-05"), d("2026-06-05"), "DOF Tijuana", subdelegaciones=frozenset({"Tijuana"})
    ),
    DiaInhabilDeclarado(
        d("2026-07-06"),
        d("2026-07-07"),
        "DOF mixto",
        entidades=frozenset({"PUE"}),
        subdelegaciones=frozenset({"Tijuana"}),
    ),
]


@pytest.mark.parametrize(
    ("ambito", "fecha", "habil"),
    [
        (NACIONAL, "2026-04-02", False),
        (NACIONAL, "2026-04-03", False),
        (Ambito("JAL"), "2026-04-02", False),  # national covers everyone
        (NACIONAL, "2026-09-14", True),
        (Ambito("JAL"), "2026-09-14", False),
        (Ambito("CMX"), "2026-09-14", True),
        (Ambito("JAL", "Guadalajara"), "2026-09-14", False),
        (Ambito("BCN", "Tijuana"), "2026-06-05", False),
        (Ambito("BCN", "Mexicali"), "2026-06-05", True),
        (Ambito(None, "Tijuana"), "2026-06-05", False),
        (Ambito("BCN"), "2026-06-05", True),  # entidad alone does not match a subdelegación scope
        (Ambito("PUE"), "2026-07-06", False),  # entidades OR subdelegaciones
        (Ambito("BCN", "Tijuana"), "2026-07-07", False),
        (Ambito("BCN", "Ensenada"), "2026-07-07", True),
    ],
)
def test_ambito_de_los_dias_declarados(ambito: Ambito, fecha: str, habil: bool) -> None:
    assert Calendario(DECLARADOS, ambito).es_habil(d(fecha)) is habil


def test_motivo_cita_la_fuente() -> None:
    cal = Calendario(DECLARADOS, Ambito("JAL"))
    assert cal.motivo_inhabil(d("2026-09-14")) == "declarado inhábil: DOF Jalisco"
    assert cal.motivo_inhabil(d("2026-09-16")) == "16 de septiembre (CFF art. 12)"
    assert cal.motivo_inhabil(d("2026-09-15")) is None


@pytest.mark.parametrize(
    ("desde", "hasta", "campo"),
    [("2026-05-02", "2026-05-01", "hasta"), ("2026-01-01", "2027-01-02", "hasta")],
)
def test_declaracion_invalida(desde: str, hasta: str, campo: str) -> None:
    with pytest.raises(ErrorLegal) as error:
        DiaInhabilDeclarado(d(desde), d(hasta), "DOF")
    assert error.value.campo == campo


def test_declaracion_requiere_fuente_y_entidades_validas() -> None:
    with pytest.raises(ErrorLegal, match="fuente"):
        DiaInhabilDeclarado(d("2026-05-04"), d("2026-05-04"), "  ")
    with pytest.raises(ErrorLegal, match="DF") as error:
        DiaInhabilDeclarado(d("2026-05-04"), d("2026-05-04"), "DOF", entidades=frozenset({"DF"}))
    assert error.value.campo == "entidades"


@pytest.mark.parametrize("ambito", [NACIONAL, Ambito("JAL"), Ambito("BCN", "Tijuana")])
def test_tabla_rapida_igual_al_camino_lento(ambito: Ambito) -> None:
    cal = Calendario(DECLARADOS, ambito)
    dia = date(2023, 12, 1)
    while dia < date(2028, 1, 31):
        assert cal.habil_siguiente(dia) == cal._habil_siguiente_lento(dia), dia
        dia += timedelta(days=1)


def test_fuera_de_la_tabla_tambien_es_exacto() -> None:
    cal = Calendario()
    assert cal.habil_siguiente(date(1999, 12, 31)) == date(2000, 1, 3)  # Jan 1 2000 was Saturday
    assert cal.habil_siguiente(date(2100, 12, 31)) == date(2101, 1, 3)  # 2101-01-01 is Saturday
    assert cal.habil_siguiente(date(2150, 3, 13)) == cal._habil_siguiente_lento(date(2150, 3, 13))
    assert cal.habiles_despues(date(1990, 2, 2), 2) == [date(1990, 2, 6), date(1990, 2, 7)]


def test_fin_del_calendario_gregoriano() -> None:
    with pytest.raises(ErrorLegal, match="fuera del intervalo"):
        Calendario().habil_siguiente(date(9999, 12, 31))


def test_la_subdelegacion_se_compara_sin_mayusculas_acentos_ni_espacios() -> None:
    declarado = DiaInhabilDeclarado(
        d("2026-03-23"), d("2026-03-27"), "DOF", subdelegaciones=frozenset({"Tijuana"})
    )
    for escrita in ("Tijuana", "TIJUANA", " tijuana  ", "Tíjuana"):
        assert not Calendario([declarado], Ambito(None, escrita)).es_habil(d("2026-03-24"))
    assert Calendario([declarado], Ambito(None, "Tecate")).es_habil(d("2026-03-24"))
