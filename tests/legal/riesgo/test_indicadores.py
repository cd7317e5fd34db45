"""Every indicator at its threshold: one below does not fire, at it fires (issue 17, Proof)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from buzon.legal.errores import ErrorLegal
from buzon.legal.riesgo import (
    adeudo,
    ajustes,
    clasificacion,
    concentracion,
    denuncias,
    improcedentes,
    plantilla,
)
from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import SIN_DATO, Datos, porcentaje

A = Ajustes()
BASE = Datos(registro="Y5412345108")


@pytest.mark.parametrize(
    ("trabajadores", "en_banda", "sector_bp", "dispara"),
    [
        (10, 6, 0, True),  # 60.00 % = umbral, exceso 60.00 %
        (10, 5, 0, False),  # 50.00 % < umbral
        (10, 6, 4_000, True),  # exceso exactly 20.00 %
        (10, 6, 4_001, False),  # exceso 19.99 %
        (4, 4, 0, False),  # fewer than 5 workers
        (5, 5, 0, True),
        (0, 0, 0, False),
    ],
)
def test_concentracion_en_su_umbral(
    trabajadores: int, en_banda: int, sector_bp: int, dispara: bool
) -> None:
    d = replace(BASE, trabajadores=trabajadores, en_banda=en_banda, en_minimo=en_banda)
    s = concentracion.evaluar(d, A, sector_bp)
    assert s.disparo is dispara
    assert s.puntos == (A.concentracion_peso if dispara else 0)
    assert s.numeros["proporcion_sector_bp"] == sector_bp


@pytest.mark.parametrize(
    ("altas", "multiples", "trabajadores", "sin_pago", "fired"),
    [
        (0, 0, 5, 2, 0),
        (1, 0, 5, 2, 1),
        (0, 1, 5, 2, 1),
        (0, 0, 5, 3, 1),
        (0, 0, 0, 3, 0),  # no workers: not "workers but no payments"
        (1, 1, 5, 3, 3),
    ],
)
def test_improcedentes_en_su_umbral(
    altas: int, multiples: int, trabajadores: int, sin_pago: int, fired: int
) -> None:
    d = replace(
        BASE,
        altas_previas=altas,
        multiples=multiples,
        trabajadores=trabajadores,
        periodos_sin_pago=sin_pago,
    )
    s = improcedentes.evaluar(d, A)
    assert s.disparo is (fired > 0)
    assert s.puntos == fired * A.improcedentes_peso
    assert s.numeros["subindicadores"] == fired


@pytest.mark.parametrize(
    ("declarada", "actividad", "puntos"),
    [(1, 1, 0), (2, 1, 0), (1, 2, 15), (1, 4, 45), (0, 4, 0), (3, 0, 0)],
)
def test_clasificacion_en_su_umbral(declarada: int, actividad: int, puntos: int) -> None:
    d = replace(BASE, clase_declarada=declarada, clase_actividad=actividad, sector="841")
    s = clasificacion.evaluar(d, A)
    assert s.puntos == puntos and s.disparo is (puntos > 0)


def test_clasificacion_umbral_de_dos_clases() -> None:
    a = replace(A, clasificacion_diferencia=2)
    assert not clasificacion.evaluar(replace(BASE, clase_declarada=1, clase_actividad=2), a).disparo
    assert clasificacion.evaluar(replace(BASE, clase_declarada=1, clase_actividad=3), a).disparo


@pytest.mark.parametrize(
    ("reportados", "externos", "dispara"),
    [
        (8, 10, False),  # 80.00 % = umbral: not below
        (79, 100, True),  # 79.00 %
        (7, 10, True),
        (12, 10, False),  # reports more than the external count
        (0, 4, False),  # fewer than 5 external
        (0, 5, True),
        (3, SIN_DATO, False),
    ],
)
def test_plantilla_en_su_umbral(reportados: int, externos: int, dispara: bool) -> None:
    s = plantilla.evaluar(replace(BASE, reportados_rfc=reportados, externos_rfc=externos), A)
    assert s.disparo is dispara
    assert s.puntos == (A.plantilla_peso if dispara else 0)


@pytest.mark.parametrize(("n", "puntos"), [(0, 0), (1, 10), (3, 30), (7, 30)])
def test_denuncias_con_tope(n: int, puntos: int) -> None:
    s = denuncias.evaluar(replace(BASE, denuncias=n), A)
    assert s.puntos == puntos and s.disparo is (n >= 1)
    assert s.motivo == f"denuncias recibidas: {n}"


@pytest.mark.parametrize(("centavos", "dispara"), [(999_999, False), (1_000_000, True)])
def test_adeudo_en_su_umbral(centavos: int, dispara: bool) -> None:
    s = adeudo.evaluar(replace(BASE, adeudo_centavos=centavos), A)
    assert s.disparo is dispara
    assert "$10,000.00" in adeudo.evaluar(replace(BASE, adeudo_centavos=1_000_000), A).motivo


def test_porcentaje_y_ajustes() -> None:
    assert porcentaje(6_250) == "62.50 %"
    assert ajustes.cargar({"plantilla_peso": 3}).plantilla_peso == 3
    assert ajustes.cargar({}) == A
    with pytest.raises(ErrorLegal) as e:
        ajustes.cargar({"inventado": 1})
    assert e.value.campo == "inventado"
    with pytest.raises(ErrorLegal):
        ajustes.cargar({"plantilla_coincidencia_bp": 10_001})
    with pytest.raises(ErrorLegal):
        ajustes.cargar({"plantilla_peso": 1.5})
    assert A.huella() == Ajustes().huella() != replace(A, plantilla_peso=1).huella()
