"""7.3, 7.4 [I-35] as properties of the pure state machine: no aviso sent, no dates, never
deemed; with one, the deemed instant is at least three días hábiles after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.notificacion import AVISADA, BUZON, NOTIFICADA, PROGRAMADA, Hechos, situacion
from buzon.legal.zonas import ZONA_CENTRO

CALENDARIO = Calendario([])
instantes = st.datetimes(
    min_value=datetime(2024, 8, 6),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2040, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@given(instantes, st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=3))), instantes)
def test_el_vencimiento_sigue_al_aviso_enviado(
    programado: datetime, retraso: timedelta | None, ahora: datetime
) -> None:
    """`retraso`: how long after the planned instant a provider accepted (None: never)."""
    enviado = None if retraso is None else programado + retraso
    vence = None if enviado is None else plazos.notificacion_por_vencimiento(enviado, CALENDARIO)
    hechos = Hechos(ruta=BUZON, aviso=enviado, vence=vence)
    estado = situacion(hechos, ahora)
    if enviado is None or vence is None:
        assert estado.estado == PROGRAMADA and estado.notificada is None
        return
    dia_aviso = enviado.astimezone(ZONA_CENTRO).date()
    dia_vence = vence.astimezone(ZONA_CENTRO).date()
    habiles = CALENDARIO.habiles_despues(dia_aviso, 4)
    assert dia_vence == habiles[3]  # d1, d2, d3 complete, then 09:30 of d4
    assert (vence - enviado) >= timedelta(days=3)
    if estado.estado == NOTIFICADA:
        assert estado.notificada == vence and ahora >= vence
    else:
        assert estado.estado == (AVISADA if ahora >= enviado else PROGRAMADA)


def test_sin_aviso_no_hay_vencimiento() -> None:
    ahora = datetime(2027, 1, 19, 16, tzinfo=UTC)
    with pytest.raises(ValueError, match="aviso enviado y vencimiento"):
        Hechos(ruta=BUZON, aviso=None, vence=ahora)
    with pytest.raises(ValueError, match="aviso enviado y vencimiento"):
        Hechos(ruta=BUZON, aviso=ahora, vence=None)
    with pytest.raises(ValueError, match="cuyo aviso no se ha enviado"):
        Hechos(ruta=BUZON, apertura_legal=ahora)
    assert situacion(Hechos(ruta=BUZON), ahora + timedelta(days=400)).estado == PROGRAMADA
