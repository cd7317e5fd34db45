"""The callbacks a lower app calls and an upper app registers in `AppConfig.ready()` (the layer
rule, docs/architecture.md): each registered callback is called, and where the caller writes,
inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import transaction

from buzon.actuaciones import firma as firma_actuaciones
from buzon.avisos import servicios as avisos
from buzon.calendario import servicios as calendario
from buzon.comun.ganchos import Ganchos
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.notificaciones.ciclo.recalculo import recalcular_por_calendario
from buzon.notificaciones.emision import lotes, respuesta
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.riesgos.servicios import al_presentar_actuacion
from buzon.sistema import trabajo
from tests.legal.ayudas import d

OFICIAL = "GOCA741120HY0"
INSTANTE = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def test_ganchos_llama_a_cada_registrado_una_vez_y_en_orden() -> None:
    llamadas: list[tuple[str, int]] = []
    ganchos: Ganchos[[int]] = Ganchos("prueba")

    def uno(n: int) -> None:
        llamadas.append(("uno", n))

    def dos(n: int) -> None:
        llamadas.append(("dos", n))

    ganchos.registrar(uno)
    ganchos.registrar(dos)
    ganchos.registrar(uno)  # a second ready() registers nothing new
    ganchos.llamar(7)
    assert llamadas == [("uno", 7), ("dos", 7)]


def test_ganchos_deja_pasar_la_excepcion_para_revertir_la_transaccion() -> None:
    ganchos: Ganchos[[]] = Ganchos("prueba")

    def falla() -> None:
        raise RuntimeError("no")

    ganchos.registrar(falla)
    with pytest.raises(RuntimeError):
        ganchos.llamar()


def test_las_apps_superiores_registran_sus_ganchos_al_arrancar() -> None:
    from buzon.actuaciones.selectors import es_respondible

    assert recalcular_por_calendario in calendario._al_cambiar.registrados()
    assert trabajo.despertar_entrega in avisos._al_despertar.registrados()
    assert trabajo.despertar in lotes._al_pedir_pasada.registrados()
    assert al_presentar_actuacion in firma_actuaciones._al_presentar.registrados()
    assert es_respondible in respuesta._respondibles


@pytest.fixture
def al_cambiar() -> Iterator[list[tuple[Mapping[str, Any], datetime, bool]]]:
    vistos: list[tuple[Mapping[str, Any], datetime, bool]] = []

    def anotar(motivo: Mapping[str, Any], instante: datetime) -> None:
        vistos.append((motivo, instante, transaction.get_connection().in_atomic_block))

    calendario.al_cambiar_calendario(anotar)
    yield vistos
    calendario._al_cambiar.quitar(anotar)


@pytest.mark.django_db
def test_un_cambio_de_calendario_llama_lo_registrado_dentro_de_su_transaccion(
    al_cambiar: list[tuple[Mapping[str, Any], datetime, bool]],
) -> None:
    declaracion = DiaInhabilDeclarado(d("2026-03-18"), d("2026-03-18"), "DOF 2026-03-01")
    dia = calendario.do_declarar_dia_inhabil(declaracion, por=OFICIAL, instante=INSTANTE).dia
    calendario.do_retirar_dia_inhabil(dia.pk, por=OFICIAL, motivo="error", instante=INSTANTE)
    assert [(m["accion"], m["dia"], i, dentro) for m, i, dentro in al_cambiar] == [
        ("declaracion", dia.pk, INSTANTE, True),
        ("retiro", dia.pk, INSTANTE, True),
    ]


@pytest.mark.django_db
def test_si_lo_registrado_falla_el_cambio_de_calendario_se_revierte() -> None:
    from buzon.calendario.models import CambioCalendario, DiaInhabil

    def falla(motivo: Mapping[str, Any], instante: datetime) -> None:
        raise RuntimeError("el recálculo falló")

    calendario.al_cambiar_calendario(falla)
    try:
        declaracion = DiaInhabilDeclarado(d("2026-03-18"), d("2026-03-18"), "DOF 2026-03-01")
        with pytest.raises(RuntimeError):
            calendario.do_declarar_dia_inhabil(declaracion, por=OFICIAL, instante=INSTANTE)
    finally:
        calendario._al_cambiar.quitar(falla)
    assert (DiaInhabil.objects.count(), CambioCalendario.objects.count()) == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_encolar_un_aviso_despierta_lo_registrado_al_confirmar() -> None:
    llamadas: list[bool] = []

    def anotar() -> None:
        llamadas.append(transaction.get_connection().in_atomic_block)

    avisos.al_despertar_entrega(anotar)
    try:
        with transaction.atomic():
            avisos.do_encolar("correo", "ana@example.com", "Aviso", "Tiene un mensaje.", "k-1")
            assert llamadas == []  # nothing is woken before the commit
        assert llamadas == [False]  # after it, outside the transaction
    finally:
        avisos._al_despertar.quitar(anotar)


def test_despertar_entrega_nunca_falla() -> None:
    def falla() -> None:
        raise RuntimeError("sin broker")

    avisos.al_despertar_entrega(falla)
    try:
        avisos.despertar_entrega()  # logged; the periodic pass is the backstop
    finally:
        avisos._al_despertar.quitar(falla)


def test_pedir_una_pasada_llama_lo_registrado() -> None:
    llamadas: list[str] = []

    def anotar() -> None:
        llamadas.append("pasada")

    lotes.al_pedir_pasada(anotar)
    try:
        lotes.despertar()
    finally:
        lotes._al_pedir_pasada.quitar(anotar)
    assert llamadas == ["pasada"]


def test_la_regla_de_en_respuesta_a_consulta_lo_registrado(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vistos: list[tuple[int, str]] = []

    def solo_la_41(actuacion_id: int, rfc: str) -> bool:
        vistos.append((actuacion_id, rfc))
        return actuacion_id == 41

    monkeypatch.setattr(respuesta, "_respondibles", [solo_la_41])
    respuesta.exigir_actuacion_respondible(41, "mape800101ab1")
    with pytest.raises(ErrorNotificacion) as exc:
        respuesta.exigir_actuacion_respondible(42, "MAPE800101AB1")
    assert (exc.value.codigo, exc.value.campo) == ("actuacion_invalida", "en_respuesta_a")
    assert vistos == [(41, "MAPE800101AB1"), (42, "MAPE800101AB1")]
    monkeypatch.setattr(respuesta, "_respondibles", [])
    with pytest.raises(ErrorNotificacion):  # nothing registered: no actuación may be answered
        respuesta.exigir_actuacion_respondible(41, "MAPE800101AB1")
