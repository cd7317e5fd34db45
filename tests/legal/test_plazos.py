"""Table tests for every rule in buzon.legal.plazos, with hand-counted expected values."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from buzon.legal import plazos
from buzon.legal.calendario import Ambito, Calendario, DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import zona
from tests.legal.ayudas import d, en, zc

NACIONAL = Calendario()
JALISCO = Calendario(
    [DiaInhabilDeclarado(d("2026-09-14"), d("2026-09-14"), "DOF", entidades=frozenset({"JAL"}))],
    Ambito("JAL"),
)

# -- 7.2: the window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instante", "dentro"),
    [
        ("2026-03-10 09:29:59.999999", False),
        ("2026-03-10 09:30:00", True),
        ("2026-03-10 13:00:00", True),
        ("2026-03-10 18:00:00", True),
        ("2026-03-10 18:00:00.000001", False),
        ("2026-03-14 12:00:00", False),  # Saturday
        ("2026-03-16 12:00:00", False),  # statutory Monday
    ],
)
def test_en_horario(instante: str, dentro: bool) -> None:
    assert plazos.en_horario(zc(instante), NACIONAL) is dentro


def test_en_horario_lee_la_zona_centro_aunque_llegue_en_otra() -> None:
    # 17:30 in Cancún (UTC-5) is 16:30 Zona Centro: inside. 09:00 Hermosillo (UTC-7) is 10:00.
    assert plazos.en_horario(en("America/Cancun", "2026-03-10 18:30"), NACIONAL)
    assert plazos.en_horario(en("America/Hermosillo", "2026-03-10 09:00"), NACIONAL)
    assert not plazos.en_horario(en("America/Cancun", "2026-03-10 09:30"), NACIONAL)


# -- 7.2, second paragraph: opening ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("apertura", "notificada"),
    [
        ("2026-03-10 10:15:07", "2026-03-10 10:15:07"),  # inside: at that instant
        ("2026-03-10 09:30:00", "2026-03-10 09:30:00"),
        ("2026-03-10 18:00:00", "2026-03-10 18:00:00"),
        ("2026-03-10 00:00:00", "2026-03-10 09:30:00"),  # before the window, hábil day
        ("2026-03-10 09:29:59", "2026-03-10 09:30:00"),
        ("2026-03-10 18:00:01", "2026-03-11 09:30:00"),  # after: next día hábil
        ("2026-03-10 23:59:59", "2026-03-11 09:30:00"),
        ("2026-03-13 19:00:00", "2026-03-17 09:30:00"),  # Friday night, Monday 16 statutory
        ("2026-03-14 10:00:00", "2026-03-17 09:30:00"),  # Saturday
        ("2026-03-16 08:00:00", "2026-03-17 09:30:00"),  # before 09:30 but día inhábil
        ("2026-12-31 18:30:00", "2027-01-04 09:30:00"),  # year edge
    ],
)
def test_notificacion_por_apertura(apertura: str, notificada: str) -> None:
    assert plazos.notificacion_por_apertura(zc(apertura), NACIONAL) == zc(notificada)


# -- 7.4, 7.5, CFF 134-I: deemed notification ---------------------------------------------------


@pytest.mark.parametrize(
    ("aviso", "tres_dias", "vencimiento"),
    [
        ("2026-03-09 10:00", ["2026-03-10", "2026-03-11", "2026-03-12"], "2026-03-13 09:30"),
        # The contract's example: aviso on Friday 13, Monday 16 is the third Monday of March.
        ("2026-03-13 10:00", ["2026-03-17", "2026-03-18", "2026-03-19"], "2026-03-20 09:30"),
        ("2026-03-14 10:00", ["2026-03-17", "2026-03-18", "2026-03-19"], "2026-03-20 09:30"),
        ("2026-03-13 23:59:59", ["2026-03-17", "2026-03-18", "2026-03-19"], "2026-03-20 09:30"),
        ("2026-03-12 00:00:00", ["2026-03-13", "2026-03-17", "2026-03-18"], "2026-03-19 09:30"),
        # Month edge with 1 and 5 May.
        ("2026-04-30 12:00", ["2026-05-04", "2026-05-06", "2026-05-07"], "2026-05-08 09:30"),
        # Year edge.
        ("2026-12-30 12:00", ["2026-12-31", "2027-01-04", "2027-01-05"], "2027-01-06 09:30"),
        # 2024's handover day, 1 October.
        ("2024-09-30 12:00", ["2024-10-02", "2024-10-03", "2024-10-04"], "2024-10-07 09:30"),
        # 2018's handover day, 1 December (a Saturday) changes nothing.
        ("2018-11-29 12:00", ["2018-11-30", "2018-12-03", "2018-12-04"], "2018-12-05 09:30"),
        # February in a leap year.
        ("2028-02-25 12:00", ["2028-02-28", "2028-02-29", "2028-03-01"], "2028-03-02 09:30"),
    ],
)
def test_plazo_y_vencimiento(aviso: str, tres_dias: list[str], vencimiento: str) -> None:
    assert list(plazos.plazo_apertura(zc(aviso), NACIONAL)) == [d(x) for x in tres_dias]
    assert plazos.notificacion_por_vencimiento(zc(aviso), NACIONAL) == zc(vencimiento)


def test_la_fecha_del_aviso_se_lee_en_zona_centro() -> None:
    # 05:30 UTC on the 10th is 23:30 of the 9th in Zona Centro.
    aviso = datetime(2026, 3, 10, 5, 30, tzinfo=UTC)
    assert plazos.plazo_apertura(aviso, NACIONAL)[0] == d("2026-03-10")
    # 22:30 of the 9th in Tijuana (PDT, UTC-7) is 23:30 in Zona Centro: still the 9th.
    assert plazos.plazo_apertura(en("America/Tijuana", "2026-03-09 22:30"), NACIONAL)[0] == d(
        "2026-03-10"
    )
    # 23:30 of the 9th in Cancún (UTC-5) is 22:30 Zona Centro: the 9th too.
    assert plazos.plazo_apertura(en("America/Cancun", "2026-03-09 23:30"), NACIONAL)[0] == d(
        "2026-03-10"
    )


def test_dia_declarado_con_ambito() -> None:
    aviso = zc("2026-09-11 12:00")  # Friday; Mon 14 declared in JAL only; Wed 16 statutory
    assert list(plazos.plazo_apertura(aviso, JALISCO)) == [
        d("2026-09-15"),
        d("2026-09-17"),
        d("2026-09-18"),
    ]
    assert plazos.notificacion_por_vencimiento(aviso, JALISCO) == zc("2026-09-21 09:30")
    assert plazos.notificacion_por_vencimiento(aviso, NACIONAL) == zc("2026-09-18 09:30")


def test_vencimiento_con_horario_de_verano_historico_de_la_zona_centro() -> None:
    # Zona Centro observed DST until October 2022: 09:30 on 7 April 2022 was UTC-5.
    vencimiento = plazos.notificacion_por_vencimiento(zc("2022-04-01 12:00"), NACIONAL)
    assert vencimiento.isoformat() == "2022-04-07T09:30:00-05:00"
    assert vencimiento.astimezone(UTC).time() == time(14, 30)


# -- notificada = min(apertura, vencimiento) -------------------------------------------------------


@pytest.mark.parametrize(
    ("apertura", "notificada", "medio"),
    [
        (None, "2026-03-20 09:30", "vencimiento"),
        ("2026-03-13 10:05", "2026-03-13 10:05", "apertura"),  # same day, inside the window
        ("2026-03-13 19:00", "2026-03-17 09:30", "apertura"),
        ("2026-03-19 17:00", "2026-03-19 17:00", "apertura"),  # last day to open
        ("2026-03-19 18:30", "2026-03-20 09:30", "apertura"),  # ties with the deemed instant
        ("2026-03-20 09:45", "2026-03-20 09:30", "vencimiento"),  # too late: already deemed
        ("2026-04-01 11:00", "2026-03-20 09:30", "vencimiento"),
    ],
)
def test_notificacion(apertura: str | None, notificada: str, medio: str) -> None:
    abierta = None if apertura is None else zc(apertura)
    assert plazos.notificacion(zc("2026-03-13 10:00"), abierta, NACIONAL) == (zc(notificada), medio)


def test_apertura_anterior_al_aviso() -> None:
    with pytest.raises(ErrorLegal, match="anterior al aviso") as error:
        plazos.notificacion(zc("2026-03-13 10:00"), zc("2026-03-13 09:59"), NACIONAL)
    assert error.value.campo == "apertura"


def test_instantes_sin_zona_se_rechazan() -> None:
    with pytest.raises(ErrorLegal, match="no tiene zona horaria"):
        plazos.notificacion_por_vencimiento(datetime(2026, 3, 13, 10), NACIONAL)  # noqa: DTZ001


# -- 5.8: the domicile's zone, across US DST changes ----------------------------------------------


@pytest.mark.parametrize(
    ("zona_domicilio", "antes", "despues"),
    [
        # Deemed at 09:30 ZC on Fri 6 March 2026 (before US DST, 8 March) and Fri 13 March (after).
        ("America/Tijuana", "2026-03-06T07:30:00-08:00", "2026-03-13T08:30:00-07:00"),
        ("America/Ciudad_Juarez", "2026-03-06T08:30:00-07:00", "2026-03-13T09:30:00-06:00"),
        ("America/Matamoros", "2026-03-06T09:30:00-06:00", "2026-03-13T10:30:00-05:00"),
        ("America/Cancun", "2026-03-06T10:30:00-05:00", "2026-03-13T10:30:00-05:00"),
        ("America/Hermosillo", "2026-03-06T08:30:00-07:00", "2026-03-13T08:30:00-07:00"),
        ("America/Mexico_City", "2026-03-06T09:30:00-06:00", "2026-03-13T09:30:00-06:00"),
    ],
)
def test_notificacion_en_zona_del_domicilio(zona_domicilio: str, antes: str, despues: str) -> None:
    z = zona(zona_domicilio)
    primera = plazos.notificacion_por_vencimiento(zc("2026-03-02 12:00"), NACIONAL)
    segunda = plazos.notificacion_por_vencimiento(zc("2026-03-09 12:00"), NACIONAL)
    assert plazos.en_zona(primera, z).isoformat() == antes
    assert plazos.en_zona(segunda, z).isoformat() == despues


# -- 6.3, 5.8: filings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zona_domicilio", "recibida", "legal"),
    [
        # Friday 23:30 in Tijuana is Saturday 00:30 in Zona Centro: the domicile's Friday counts.
        ("America/Tijuana", "2026-03-14T00:30:00-06:00", "2026-03-13T23:30:00-07:00"),
        # Friday 23:30 Zona Centro is Saturday 00:30 in Cancún: Tuesday 17 (16 statutory), 00:00.
        ("America/Cancun", "2026-03-13T23:30:00-06:00", "2026-03-17T00:00:00-05:00"),
        ("America/Hermosillo", "2026-03-13T23:30:00-06:00", "2026-03-13T22:30:00-07:00"),
        # Saturday 23:59:59 and Sunday 00:00:00 in Zona Centro.
        ("America/Mexico_City", "2026-03-14T23:59:59-06:00", "2026-03-17T00:00:00-06:00"),
        ("America/Mexico_City", "2026-03-15T00:00:00-06:00", "2026-03-17T00:00:00-06:00"),
        # Friday 23:59:59 is still Friday; Thursday 00:00:00 exactly is that Thursday.
        ("America/Mexico_City", "2026-03-13T23:59:59-06:00", "2026-03-13T23:59:59-06:00"),
        ("America/Mexico_City", "2026-03-12T00:00:00-06:00", "2026-03-12T00:00:00-06:00"),
        # The night US DST starts (Sunday 8 March): Tijuana's next día hábil is Monday 9, UTC-7.
        ("America/Tijuana", "2026-03-08T04:00:00-06:00", "2026-03-09T00:00:00-07:00"),
        # Matamoros on the Sunday US DST ends (1 Nov 2026): Monday 2, UTC-6 again.
        ("America/Matamoros", "2026-11-01T01:30:00-05:00", "2026-11-02T00:00:00-06:00"),
        ("America/Ciudad_Juarez", "2026-11-01T01:30:00-06:00", "2026-11-02T00:00:00-07:00"),
    ],
)
def test_recepcion_legal_actuacion(zona_domicilio: str, recibida: str, legal: str) -> None:
    resultado = plazos.recepcion_legal_actuacion(
        datetime.fromisoformat(recibida), NACIONAL, zona(zona_domicilio)
    )
    assert resultado.isoformat() == legal


def test_actuacion_en_dia_declarado_del_ambito() -> None:
    resultado = plazos.recepcion_legal_actuacion(
        zc("2026-09-14 11:00"), JALISCO, zona("America/Mexico_City")
    )
    assert resultado == zc("2026-09-15 00:00")


# -- CFF 139: estrados ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("publicada", "inicio", "fin", "notificada"),
    [
        # Counted by hand: 17-20, 23-27, 30-31 March, 1-3 April, 6 April = 15; 7 April the 16th.
        ("2026-03-13", "2026-03-17", "2026-04-06", "2026-04-07"),
        # Published on a Saturday: counting starts Monday; 2-6, 9-13, 17-20 (16 statutory), 23.
        ("2026-02-28", "2026-03-02", "2026-03-23", "2026-03-24"),
        # Across the year end: 31 Dec, 4-8, 11-15, 18-21 Jan 2027 are the 15.
        ("2026-12-30", "2026-12-31", "2027-01-21", "2027-01-22"),
    ],
)
def test_estrados(publicada: str, inicio: str, fin: str, notificada: str) -> None:
    resultado = plazos.estrados(d(publicada), NACIONAL)
    assert (resultado.inicio_publicacion, resultado.fin_publicacion, resultado.notificada) == (
        d(inicio),
        d(fin),
        d(notificada),
    )


# -- 5.2: codes; Transitorio Primero; 6.1, 7.7 --------------------------------------------------


@pytest.mark.parametrize(
    ("enviado", "expira"),
    [
        ("2026-03-13T10:00:00-06:00", "2026-03-16T10:00:00-06:00"),
        ("2026-03-14T23:59:59-06:00", "2026-03-17T23:59:59-06:00"),  # natural hours: weekends count
        # Across Zona Centro's last DST start (3 April 2022): 72 elapsed hours, wall clock +1 h.
        ("2022-04-02T10:00:00-06:00", "2022-04-05T11:00:00-05:00"),
        ("2026-03-13T16:00:00+00:00", "2026-03-16T10:00:00-06:00"),
    ],
)
def test_expiracion_codigo(enviado: str, expira: str) -> None:
    assert plazos.expiracion_codigo(datetime.fromisoformat(enviado)).isoformat() == expira


def test_plazo_para_habilitar() -> None:
    # 8 Nov 2024 + 180 natural days: 22 (Nov) + 31 + 31 + 28 + 31 + 30 + 7 (May) = 180.
    assert plazos.ultimo_dia_para_habilitar(d("2024-11-08")) == d("2025-05-07")
    assert plazos.habilitacion_extemporanea_desde(d("2024-11-08")) == zc("2025-05-08 00:00")


@pytest.mark.parametrize(
    ("instante", "hasta"),
    [
        ("2026-03-20 09:30", "2031-03-20"),
        ("2028-02-29 12:00", "2033-03-01"),
        ("2026-12-31 23:30", "2031-12-31"),
    ],
)
def test_conservacion(instante: str, hasta: str) -> None:
    assert plazos.conservar_hasta(zc(instante)) == d(hasta)


def test_conservacion_lee_la_fecha_en_zona_centro() -> None:
    assert plazos.conservar_hasta(datetime(2027, 1, 1, 5, 0, tzinfo=UTC)) == d("2031-12-31")


# -- the batch path ---------------------------------------------------------------------------


def test_lote_igual_a_llamadas_individuales() -> None:
    avisos = [
        zc("2026-03-13 10:00"),
        zc("2026-03-13 23:59:59"),
        zc("2026-03-14 00:00"),
        zc("2022-04-03 03:00"),
        zc("1999-12-31 12:00"),  # before the table
        zc("2101-01-01 12:00"),  # after the table
        zc("2100-12-31 23:59:59"),
    ]
    lote = plazos.notificaciones_por_vencimiento_en_lote([a.timestamp() for a in avisos], JALISCO)
    uno_a_uno = [int(plazos.notificacion_por_vencimiento(a, JALISCO).timestamp()) for a in avisos]
    assert lote == uno_a_uno
    assert lote[0] == int(zc("2026-03-20 09:30").timestamp())


def test_lote_con_instante_imposible() -> None:
    with pytest.raises(ErrorLegal, match="fuera de intervalo"):
        plazos.notificaciones_por_vencimiento_en_lote([1e20], NACIONAL)
