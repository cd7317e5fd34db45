"""The batch path equals the reference; the programme is deterministic; removing a fired
indicator never raises a score (issue 17, Proof)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from buzon.legal.riesgo import lote, puntaje
from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import INDICADORES, SIN_DATO, Datos

A = Ajustes()


@st.composite
def datos(draw: st.DrawFn, i: int) -> Datos:
    trabajadores = draw(st.integers(0, 30))
    en_banda = draw(st.integers(0, trabajadores))
    return Datos(
        registro=f"Y{i:08d}10",
        sector=draw(st.sampled_from(["", "841", "022"])),
        trabajadores=trabajadores,
        en_minimo=draw(st.integers(0, en_banda)),
        en_banda=en_banda,
        altas_previas=draw(st.integers(0, 2)),
        multiples=draw(st.integers(0, 2)),
        periodos_sin_pago=draw(st.integers(0, 4)),
        clase_declarada=draw(st.integers(0, 5)),
        clase_actividad=draw(st.integers(0, 5)),
        reportados_rfc=draw(st.integers(0, 30)),
        externos_rfc=draw(st.sampled_from([SIN_DATO, 0, 5, 10, 40])),
        denuncias=draw(st.integers(0, 4)),
        adeudo_centavos=draw(st.sampled_from([0, 999_999, 1_000_000, 5_000_000])),
    )


@st.composite
def padrones(draw: st.DrawFn) -> list[Datos]:
    n = draw(st.integers(0, 40))
    indices = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    return [draw(datos(i)) for i in indices]


ajustes = st.builds(
    Ajustes,
    concentracion_umbral_bp=st.integers(0, 10_000),
    concentracion_exceso_bp=st.integers(0, 5_000),
    denuncias_tope=st.integers(1, 5),
    propuesta_minimo=st.integers(0, 40),
    auditoria_minimo=st.integers(1, 100),
    maximo_actos=st.integers(0, 20),
)


@settings(max_examples=150, deadline=None)
@given(padrones(), ajustes)
def test_lote_igual_a_la_referencia(padron: list[Datos], a: Ajustes) -> None:
    referencia = puntaje.programar(padron, a)
    c = lote.columnas(padron)
    p = lote.programar(c, a)
    obtenido = [
        (c.registros[i], int(p.puntos[i]), int(p.mascara[i]), lote.tipo_de(int(p.tipo[i])))
        for i in p.orden
    ]
    assert obtenido == [(e.registro, e.puntos, e.mascara, e.tipo) for e in referencia]


@settings(max_examples=60, deadline=None)
@given(padrones(), st.randoms(use_true_random=False))
def test_el_programa_es_determinista(padron: list[Datos], azar: object) -> None:
    """The same data in any order, and the same settings, give the same programme."""
    revuelto = list(padron)
    azar.shuffle(revuelto)  # type: ignore[attr-defined]
    uno, otro = puntaje.programar(padron, A), puntaje.programar(revuelto, A)
    assert uno == otro
    a, b = lote.programar(lote.columnas(padron), A), lote.programar(lote.columnas(revuelto), A)
    assert np.array_equal(a.orden, b.orden) and np.array_equal(a.puntos, b.puntos)


_APAGAR = {
    "concentracion_salarial": {"en_banda": 0, "en_minimo": 0},
    "inscripciones_improcedentes": {"altas_previas": 0, "multiples": 0, "periodos_sin_pago": 0},
    "clasificacion": {"clase_actividad": 0},
    "plantilla": {"externos_rfc": SIN_DATO},
    "denuncias": {"denuncias": 0},
    "cuotas_no_pagadas": {"adeudo_centavos": 0},
}


@settings(max_examples=150, deadline=None)
@given(datos(1), st.integers(0, 10_000), st.sampled_from(INDICADORES))
def test_quitar_un_indicador_nunca_sube_el_puntaje(d: Datos, sector_bp: int, ind: str) -> None:
    antes = puntaje.evaluar(d, A, sector_bp)
    despues = puntaje.evaluar(replace(d, **_APAGAR[ind]), A, sector_bp)  # type: ignore[arg-type]
    assert despues.puntos <= antes.puntos
    quitado = sum(s.puntos for s in antes.senales if s.indicador != ind)
    assert despues.puntos <= quitado + 0  # the others' points are unchanged or fewer
    assert not [s for s in despues.senales if s.indicador == ind and s.disparo]


def test_cada_puntaje_dice_por_que() -> None:
    d = Datos("Y5412345108", trabajadores=10, en_banda=8, en_minimo=6, denuncias=2)
    e = puntaje.evaluar(d, A, 1_000)
    assert e.puntos == A.concentracion_peso + 2 * A.denuncias_peso
    assert e.tipo == puntaje.INVITACION_CONCENTRACION
    assert [s.indicador for s in e.disparadas] == ["concentracion_salarial", "denuncias"]
    assert "8 de 10 trabajadores (80.00 %)" in e.disparadas[0].motivo
    assert puntaje.tipo_propuesto(60, set(), A) == puntaje.AUDITORIA
    assert puntaje.tipo_propuesto(14, {"clasificacion"}, A) == puntaje.NINGUNO
    assert puntaje.tipo_propuesto(30, {"plantilla"}, A) == puntaje.NINGUNO
