"""Properties of the legal clock that must hold for every instant, zone and calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from buzon.legal import plazos
from buzon.legal.calendario import Ambito, Calendario, DiaInhabilDeclarado
from buzon.legal.zonas import ZONA_CENTRO, zona

ZONAS_MEXICO = [
    "America/Mexico_City",
    "America/Tijuana",
    "America/Ciudad_Juarez",
    "America/Matamoros",
    "America/Cancun",
    "America/Hermosillo",
    "America/Mazatlan",
    "America/Chihuahua",
    "America/Monterrey",
    "America/Merida",
]

instantes = st.datetimes(
    min_value=datetime(1995, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2105, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
ambitos = st.builds(
    Ambito,
    st.sampled_from([None, "CMX", "JAL", "BCN", "QUE"]),
    st.sampled_from([None, "Tijuana", "Centro", "Querétaro"]),
)


@st.composite
def declaraciones(draw: st.DrawFn) -> DiaInhabilDeclarado:
    desde = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    largo = draw(st.integers(min_value=0, max_value=20))
    return DiaInhabilDeclarado(
        desde,
        desde + timedelta(days=largo),
        "DOF",
        entidades=frozenset(draw(st.lists(st.sampled_from(["CMX", "JAL", "BCN"]), max_size=2))),
        subdelegaciones=frozenset(
            draw(st.lists(st.sampled_from(["Tijuana", "Centro"]), max_size=1))
        ),
    )


calendarios = st.builds(Calendario, st.lists(declaraciones(), max_size=12), ambitos)


@given(instantes, calendarios)
def test_vencimiento_a_las_930_de_un_dia_habil(aviso: datetime, cal: Calendario) -> None:
    vencimiento = plazos.notificacion_por_vencimiento(aviso, cal)
    local = vencimiento.astimezone(ZONA_CENTRO)
    assert (local.hour, local.minute, local.second, local.microsecond) == (9, 30, 0, 0)
    assert cal.es_habil(local.date())
    d1, d2, d3 = plazos.plazo_apertura(aviso, cal)
    assert aviso.astimezone(ZONA_CENTRO).date() < d1 < d2 < d3 < local.date()
    assert all(cal.es_habil(x) for x in (d1, d2, d3))
    # No día hábil is skipped between the aviso's date and d4.
    dia = aviso.astimezone(ZONA_CENTRO).date() + timedelta(days=1)
    habiles = []
    while dia < local.date():
        if cal.es_habil(dia):
            habiles.append(dia)
        dia += timedelta(days=1)
    assert habiles == [d1, d2, d3]


@given(instantes, instantes, calendarios)
def test_vencimiento_monotono(a: datetime, b: datetime, cal: Calendario) -> None:
    primero, segundo = sorted([a, b])
    assert plazos.notificacion_por_vencimiento(primero, cal) <= plazos.notificacion_por_vencimiento(
        segundo, cal
    )


@given(instantes, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=40)), calendarios)
def test_notificada_nunca_despues_del_vencimiento(
    aviso: datetime, espera: timedelta, cal: Calendario
) -> None:
    notificada, medio = plazos.notificacion(aviso, aviso + espera, cal)
    vencimiento = plazos.notificacion_por_vencimiento(aviso, cal)
    assert notificada <= vencimiento
    assert notificada >= aviso
    por_apertura = plazos.notificacion_por_apertura(aviso + espera, cal)
    if medio == "apertura":
        assert notificada == por_apertura <= vencimiento
    else:
        assert medio == "vencimiento"
        assert notificada == vencimiento < por_apertura


@given(instantes, calendarios)
def test_apertura_en_horario_no_cambia(instante: datetime, cal: Calendario) -> None:
    resultado = plazos.notificacion_por_apertura(instante, cal)
    if plazos.en_horario(instante, cal):
        assert resultado == instante
    else:
        # 7.2 [I-29]: "en todos los casos" 09:30 of the día hábil *after* the opening's date,
        # found with the definition (day by day), not with the tables.
        assert resultado > instante
        assert plazos.en_horario(resultado, cal)
        local = resultado.astimezone(ZONA_CENTRO)
        assert (local.hour, local.minute, local.second, local.microsecond) == (9, 30, 0, 0)
        dia = instante.astimezone(ZONA_CENTRO).date()
        assert local.date() == cal._habil_siguiente_lento(dia)


@given(instantes, calendarios)
def test_envio_del_aviso_en_horario(instante: datetime, cal: Calendario) -> None:
    """7.2, first paragraph: the sending rule; never later than the opening rule, and equal to it
    except before 09:30 of a día hábil, when the aviso goes out at 09:30 that same day."""
    enviado = plazos.siguiente_instante_en_horario(instante, cal)
    assert enviado >= instante
    assert plazos.en_horario(enviado, cal)
    assert enviado <= plazos.notificacion_por_apertura(instante, cal)
    local = instante.astimezone(ZONA_CENTRO)
    if plazos.en_horario(instante, cal):
        assert enviado == instante
    elif cal.es_habil(local.date()) and local.time() < plazos.INICIO_HORARIO:
        assert enviado == plazos.a_las(local.date(), plazos.INICIO_HORARIO)
    else:
        assert enviado == plazos.notificacion_por_apertura(instante, cal)


@given(instantes, st.sampled_from(ZONAS_MEXICO), calendarios)
def test_recepcion_legal_nunca_antes_y_en_dia_habil(
    recibida: datetime, nombre_zona: str, cal: Calendario
) -> None:
    z = zona(nombre_zona)
    legal = plazos.recepcion_legal_actuacion(recibida, cal, z)
    assert legal >= recibida
    assert cal.es_habil(legal.astimezone(z).date())
    if cal.es_habil(recibida.astimezone(z).date()):
        assert legal == recibida
    else:
        assert legal.astimezone(z).time().isoformat() == "00:00:00"


@given(st.lists(instantes, min_size=1, max_size=50), calendarios)
def test_lote_igual_a_uno_por_uno(avisos: list[datetime], cal: Calendario) -> None:
    lote = plazos.notificaciones_por_vencimiento_en_lote([a.timestamp() for a in avisos], cal)
    assert lote == [int(plazos.notificacion_por_vencimiento(a, cal).timestamp()) for a in avisos]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), calendarios)
def test_tabla_igual_al_camino_lento(dia: date, cal: Calendario) -> None:
    assume(dia < date(2100, 12, 20))
    assert cal.habil_siguiente(dia) == cal._habil_siguiente_lento(dia)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), calendarios)
def test_estrados_diez_mas_uno(publicada: date, cal: Calendario) -> None:
    """CFF 139 (reformed DOF 12-11-2021): ten días of publication, notified on the eleventh."""
    resultado = plazos.estrados(publicada, cal)
    # Counted day by day with the definition, not with the tables estrados() uses.
    habiles: list[date] = []
    dia = publicada
    while len(habiles) < 11:
        dia += timedelta(days=1)
        if cal.motivo_inhabil(dia) is None:
            habiles.append(dia)
    assert resultado.inicio_publicacion == habiles[0]
    assert resultado.fin_publicacion == habiles[9]
    assert resultado.notificada == habiles[10]
    assert publicada < resultado.inicio_publicacion


@given(instantes)
def test_codigo_expira_a_las_72_horas_exactas(enviado: datetime) -> None:
    expira = plazos.expiracion_codigo(enviado)
    assert expira - enviado == timedelta(hours=72)
    assert expira.tzinfo is ZONA_CENTRO
