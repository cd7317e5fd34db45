"""Periods (AAAA-MM, AAAA-Bn) and the versioned parameters with their sources."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import pytest

from buzon.legal.cuotas import parametros as par
from buzon.legal.cuotas.periodos import leer_periodo
from buzon.legal.errores import ErrorLegal
from tests.legal.cuotas.ayudas import D, d


def test_periodos() -> None:
    abril = leer_periodo("2026-04")
    assert (abril.emision, abril.inicio, abril.fin, abril.dias) == (
        "EMA",
        d("2026-04-01"),
        d("2026-04-30"),
        30,
    )
    b1 = leer_periodo("2028-B1")
    assert (b1.emision, b1.inicio, b1.fin, b1.dias) == ("EBA", d("2028-01-01"), d("2028-02-29"), 60)
    assert leer_periodo("2026-B4").dias == 62  # July and August: the longest period
    assert leer_periodo(" 2026-b6 ").clave == "2026-B6"


@pytest.mark.parametrize(
    "texto", ["2026-13", "2026-00", "2026-B0", "2026-B7", "26-04", "2026/04", "", None, 202604]
)
def test_periodos_invalidos(texto: object) -> None:
    with pytest.raises(ErrorLegal, match="no es un periodo válido para «periodo»: use AAAA-MM"):
        leer_periodo(texto)


def _datos() -> dict[str, Any]:
    texto = (
        resources.files("buzon.legal.cuotas").joinpath("datos/parametros.json").read_text("utf-8")
    )
    datos: dict[str, Any] = json.loads(texto)
    return datos


def test_cada_valor_tiene_fuente_y_vigencia() -> None:
    datos = _datos()
    p = par.vigentes()
    for lista in (
        p.uma,
        *p.salario_minimo.values(),
        p.tope_sbc_uma,
        p.tablas_cyv,
        *p.tasas.values(),
    ):
        for valor in lista:
            assert isinstance(valor, par.Vigente)
            assert valor.fuente.strip() and valor.desde
    assert [v["valor"] for v in datos["uma"]] == [
        "89.62",
        "96.22",
        "103.74",
        "108.57",
        "113.14",
        "117.31",
    ]
    assert all(v["vigente_desde"].endswith("-02-01") for v in datos["uma"])
    assert p.version == datos["version"]
    assert p.tasa("cuota_fija", d("2026-04-01")).patron == D("20.40")
    assert p.tasa("cesantia_vejez", d("2026-04-01")).patron is None  # from the table
    assert p.tasas_cyv_patron(d("2022-06-01")) == (D("3.150"),) * 8  # before the 2020 reform
    assert p.tasas_cyv_patron(d("2035-06-01"))[-1] == D("11.875")  # the article's own table


def _con(cambio: Any) -> dict[str, Any]:
    datos = copy.deepcopy(_datos())
    cambio(datos)
    return datos


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        (
            lambda x: x["uma"][5].update(valor="1000000.01"),
            r"uma\[6\]: «1000000.01» debe estar entre 0 y",
        ),
        (lambda x: x["uma"][5].update(valor=117.31), "debe ser un texto decimal"),
        (lambda x: x["uma"][5].update(vigente_desde="2026-01-31"), r"uma\[6\]: se traslapa"),
        (lambda x: x["uma"][5].update(vigente_hasta="2025-01-01"), "es anterior"),
        (lambda x: x["uma"][5].pop("fuente"), "fuente"),
        (lambda x: x["tasas"]["invalidez_vida"][0].update(patron="99.5"), "excede el 100 %"),
        (
            lambda x: x["tasas"]["invalidez_vida"][0].update(obrero="0.6255001"),
            "más de 5 decimales",
        ),
        (lambda x: x["tasas"].pop("retiro"), "debe tener los conceptos"),
        (lambda x: x["salario_minimo"].pop("zlfn"), "debe tener las zonas"),
        (lambda x: x["limites"]["tope_sbc_uma"][0].update(valor="26"), "el tope en pesos"),
        (
            lambda x: x["cesantia_vejez_patron"]["bandas"][2].update(hasta_uma="1.40"),
            "crecer estrictamente",
        ),
        (lambda x: x["cesantia_vejez_patron"]["tablas"][1]["tasas"].pop(), "una tasa por banda"),
        (
            lambda x: x["cesantia_vejez_patron"]["tablas"][1]["tasas"].__setitem__(7, "99"),
            "excede 100 %",
        ),
    ],
)
def test_cargar_rechaza_datos_malos(cambio: Any, mensaje: str) -> None:
    if "tope en pesos" in mensaje:
        datos = _con(lambda x: x["uma"][5].update(valor="1000000.00"))
        cambio(datos)
    else:
        datos = _con(cambio)
    with pytest.raises(ErrorLegal, match=mensaje):
        par.cargar(datos)


def test_cortes_separan_los_cambios() -> None:
    cortes = par.vigentes().cortes()
    for dia in ("2026-01-01", "2026-02-01", "2027-01-01", "2027-02-01", "2030-01-01"):
        assert d(dia) in cortes
