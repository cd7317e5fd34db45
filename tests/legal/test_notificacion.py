"""Properties of the pure lifecycle of a notification (buzon.legal.notificacion).

The state at any instant is derived from the stored facts: these tests prove it is one state at
a time, that time only moves it forward (programada → avisada → notificada, or cancelada, and
never back), that a cancellation only counts if it came before the notification was made, and
that an opening wins over the deemed instant when it is earlier or equal (7.2 before 7.4).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from buzon.legal import plazos
from buzon.legal.calendario import Calendario, DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal
from buzon.legal.notificacion import (
    AVISADA,
    BUZON,
    CANCELADA,
    EN_ESTRADOS,
    ESTADOS,
    ESTRADOS,
    NOTIFICADA,
    PERSONAL,
    POR_APERTURA,
    POR_ESTRADOS,
    POR_PERSONAL,
    POR_VENCIMIENTO,
    PROGRAMADA,
    REQUIERE_PERSONAL,
    Hechos,
    notificada,
    situacion,
)
from tests.legal.ayudas import zc

instantes = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
duraciones = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20))
opcional = st.none() | duraciones

#: What may follow what as time passes, route by route (a state may also stay).
SIGUIENTES = {
    PROGRAMADA: {PROGRAMADA, AVISADA, NOTIFICADA, CANCELADA},
    AVISADA: {AVISADA, NOTIFICADA, CANCELADA},
    EN_ESTRADOS: {EN_ESTRADOS, NOTIFICADA, CANCELADA},
    REQUIERE_PERSONAL: {REQUIERE_PERSONAL, NOTIFICADA, CANCELADA},
    NOTIFICADA: {NOTIFICADA},
    CANCELADA: {CANCELADA},
}
MEDIOS = {
    BUZON: {POR_APERTURA, POR_VENCIMIENTO},
    ESTRADOS: {POR_ESTRADOS},
    PERSONAL: {POR_PERSONAL},
}


@st.composite
def hechos(draw: st.DrawFn) -> Hechos:
    """Facts as the services store them: instants relative to the issue, every one optional
    where the law allows (an opening, a cancellation, a personal notification not yet made)."""
    creada = draw(instantes)
    ruta = draw(st.sampled_from([BUZON, ESTRADOS, PERSONAL]))
    cancelada = draw(opcional)
    base = {"cancelada": None if cancelada is None else creada + cancelada}
    if ruta == BUZON:
        aviso = creada + draw(st.timedeltas(max_value=timedelta(days=4), min_value=timedelta(0)))
        vence = aviso + draw(st.timedeltas(min_value=timedelta(hours=1), max_value=timedelta(9)))
        apertura = draw(opcional)
        return Hechos(
            BUZON,
            aviso=aviso,
            vence=vence,
            apertura_legal=None if apertura is None else aviso + apertura,
            **base,
        )
    if ruta == ESTRADOS:
        return Hechos(ESTRADOS, estrados_notificada=creada + draw(duraciones), **base)
    personal = draw(opcional)
    return Hechos(
        PERSONAL, personal_notificada=None if personal is None else creada + personal, **base
    )


def _hecha_sin_cancelar(h: Hechos) -> tuple[datetime, str] | None:
    """The instant and means the facts fix, ignoring any cancellation (the reference)."""
    sin_cancelar = Hechos(
        h.ruta,
        aviso=h.aviso,
        vence=h.vence,
        apertura_legal=h.apertura_legal,
        estrados_notificada=h.estrados_notificada,
        personal_notificada=h.personal_notificada,
    )
    return notificada(sin_cancelar, datetime(2100, 1, 1, tzinfo=UTC))


@given(hechos(), instantes)
def test_un_solo_estado_coherente_con_su_instante_y_medio(h: Hechos, ahora: datetime) -> None:
    s = situacion(h, ahora)
    assert s.estado in ESTADOS
    if s.estado == NOTIFICADA:
        assert s.notificada is not None and s.notificada <= ahora
        assert s.medio in MEDIOS[h.ruta]
    else:
        assert s.notificada is None and s.medio is None
    # The states of one route only: an estrados notification is never "avisada", etc.
    propios = {
        BUZON: {PROGRAMADA, AVISADA},
        ESTRADOS: {EN_ESTRADOS},
        PERSONAL: {REQUIERE_PERSONAL},
    }[h.ruta] | {NOTIFICADA, CANCELADA}
    assert s.estado in propios


@given(hechos(), instantes, duraciones)
def test_el_tiempo_solo_avanza_el_estado(h: Hechos, t1: datetime, paso: timedelta) -> None:
    t2 = t1 + paso
    antes, despues = situacion(h, t1), situacion(h, t2)
    assert despues.estado in SIGUIENTES[antes.estado], (antes, despues)
    if antes.estado == NOTIFICADA:
        # Once notified, for ever, at the same instant and by the same means.
        assert (despues.notificada, despues.medio) == (antes.notificada, antes.medio)


@given(hechos(), st.lists(instantes, min_size=2, max_size=8))
def test_nunca_notificada_y_cancelada_a_lo_largo_del_tiempo(
    h: Hechos, momentos: list[datetime]
) -> None:
    estados = {situacion(h, t).estado for t in momentos}
    assert not {NOTIFICADA, CANCELADA} <= estados


@given(hechos(), instantes)
def test_cancelada_solo_si_se_cancelo_antes_de_notificarse(h: Hechos, ahora: datetime) -> None:
    s = situacion(h, ahora)
    hecha = _hecha_sin_cancelar(h)
    if s.estado == CANCELADA:
        assert h.cancelada is not None and h.cancelada <= ahora
        assert hecha is None or h.cancelada <= hecha[0]
    if h.cancelada is not None and hecha is not None and hecha[0] <= ahora:
        if hecha[0] < h.cancelada:
            # A cancellation after the notification was made is void: it stays made.
            assert (s.estado, s.notificada, s.medio) == (NOTIFICADA, *hecha)
        else:
            assert s.estado == CANCELADA
    if h.cancelada is None and hecha is not None:
        assert (s.estado == NOTIFICADA) == (hecha[0] <= ahora)


@given(hechos())
def test_notificada_exactamente_en_su_instante_y_no_un_microsegundo_antes(h: Hechos) -> None:
    hecha = _hecha_sin_cancelar(h)
    assume(hecha is not None)
    assert hecha is not None
    instante, medio = hecha
    assume(h.cancelada is None or h.cancelada > instante)
    assert situacion(h, instante - timedelta(microseconds=1)).estado != NOTIFICADA
    s = situacion(h, instante)
    assert (s.estado, s.notificada, s.medio) == (NOTIFICADA, instante, medio)


@given(instantes, st.timedeltas(min_value=timedelta(hours=1), max_value=timedelta(9)), duraciones)
def test_la_apertura_gana_si_es_anterior_o_igual_al_vencimiento(
    aviso: datetime, plazo: timedelta, tras: timedelta
) -> None:
    vence, apertura = aviso + plazo, aviso + tras
    h = Hechos(BUZON, aviso=aviso, vence=vence, apertura_legal=apertura)
    s = situacion(h, datetime(2100, 1, 1, tzinfo=UTC))
    if apertura <= vence:
        assert (s.notificada, s.medio) == (apertura, POR_APERTURA)
    else:
        assert (s.notificada, s.medio) == (vence, POR_VENCIMIENTO)


def test_empate_exacto_va_a_la_apertura() -> None:
    vence = zc("2027-01-21 09:30")
    h = Hechos(BUZON, aviso=zc("2027-01-15 10:00"), vence=vence, apertura_legal=vence)
    s = situacion(h, vence)
    assert (s.estado, s.notificada, s.medio) == (NOTIFICADA, vence, POR_APERTURA)


def test_programada_hasta_el_aviso_y_avisada_desde_el() -> None:
    aviso = zc("2027-01-18 09:30")
    h = Hechos(BUZON, aviso=aviso, vence=zc("2027-01-22 09:30"))
    assert situacion(h, aviso - timedelta(microseconds=1)).estado == PROGRAMADA
    assert situacion(h, aviso).estado == AVISADA


def test_cancelada_en_el_instante_mismo_del_vencimiento_no_se_notifica() -> None:
    vence = zc("2027-01-21 09:30")
    h = Hechos(BUZON, aviso=zc("2027-01-15 10:00"), vence=vence, cancelada=vence)
    assert situacion(h, vence).estado == CANCELADA
    assert situacion(h, vence + timedelta(days=30)).estado == CANCELADA


def test_estrados_y_personal_hasta_su_instante() -> None:
    dia11 = zc("2027-02-09 00:00")
    estrados = Hechos(ESTRADOS, estrados_notificada=dia11)
    assert situacion(estrados, dia11 - timedelta(seconds=1)).estado == EN_ESTRADOS
    assert situacion(estrados, dia11).medio == POR_ESTRADOS
    pendiente = Hechos(PERSONAL)
    assert situacion(pendiente, dia11).estado == REQUIERE_PERSONAL
    hecha = Hechos(PERSONAL, personal_notificada=dia11)
    assert situacion(hecha, dia11 - timedelta(seconds=1)).estado == REQUIERE_PERSONAL
    assert (situacion(hecha, dia11).estado, situacion(hecha, dia11).medio) == (
        NOTIFICADA,
        POR_PERSONAL,
    )


dias_declarados = st.lists(
    st.dates(min_value=date(2026, 12, 1), max_value=date(2027, 3, 31)),
    max_size=6,
)


@given(
    st.datetimes(
        min_value=datetime(2026, 12, 1),  # noqa: DTZ001
        max_value=datetime(2027, 2, 28),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=12)),
    dias_declarados,
)
def test_coincide_con_la_regla_de_plazos(
    aviso_crudo: datetime, tras: timedelta | None, dias: list[date]
) -> None:
    """The derivation from stored instants agrees with plazos.notificacion on real calendars."""
    calendario = Calendario([DiaInhabilDeclarado(d, d, "DOF") for d in dias])
    aviso = plazos.siguiente_instante_en_horario(aviso_crudo, calendario)
    apertura = None if tras is None else aviso + tras
    h = Hechos(
        BUZON,
        aviso=aviso,
        vence=plazos.notificacion_por_vencimiento(aviso, calendario),
        apertura_legal=(
            None if apertura is None else plazos.notificacion_por_apertura(apertura, calendario)
        ),
    )
    s = situacion(h, datetime(2100, 1, 1, tzinfo=UTC))
    assert (s.notificada, s.medio) == plazos.notificacion(aviso, apertura, calendario)


def test_hechos_invalidos_se_rechazan() -> None:
    with pytest.raises(ValueError, match="ruta"):
        Hechos("correo")
    with pytest.raises(ValueError, match="aviso"):
        Hechos(BUZON, aviso=zc("2027-01-15 10:00"))
    with pytest.raises(ValueError, match="estrados"):
        Hechos(ESTRADOS)
    with pytest.raises(ErrorLegal):
        Hechos(PERSONAL, personal_notificada=datetime(2027, 1, 15, 10))  # noqa: DTZ001
    with pytest.raises(ErrorLegal):
        situacion(Hechos(PERSONAL), datetime(2027, 1, 15, 10))  # noqa: DTZ001
