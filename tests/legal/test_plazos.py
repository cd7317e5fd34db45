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


# -- 7.2, second paragraph: opening [I-29] ----------------------------------------------------
# "En el supuesto de que el acuse de recibo electrónico se genere en día u hora inhábil, en todos
# los casos la notificación se tendrá por realizada a partir de las 09:30 horas ... del día hábil
# siguiente": before 09:30 of a día hábil is an hora inhábil too, so it moves to the *next* one.


@pytest.mark.parametrize(
    ("apertura", "notificada"),
    [
        ("2026-03-10 10:15:07", "2026-03-10 10:15:07"),  # Tuesday, inside: at that instant
        ("2026-03-10 09:30:00", "2026-03-10 09:30:00"),
        ("2026-03-10 18:00:00", "2026-03-10 18:00:00"),
        # Before the window of a día hábil: 09:30 of the next día hábil (Wed 11), not of Tue 10.
        ("2026-03-10 00:00:00", "2026-03-11 09:30:00"),
        ("2026-03-10 08:15:00", "2026-03-11 09:30:00"),
        ("2026-03-10 09:29:59", "2026-03-11 09:30:00"),
        ("2026-03-10 09:29:59.999999", "2026-03-11 09:30:00"),
        ("2026-03-13 08:15:00", "2026-03-17 09:30:00"),  # Friday 08:15; Monday 16 statutory
        ("2026-03-17 08:15:00", "2026-03-18 09:30:00"),  # Tuesday after the statutory Monday
        ("2026-03-10 18:00:01", "2026-03-11 09:30:00"),  # after: next día hábil
        ("2026-03-10 23:59:59", "2026-03-11 09:30:00"),
        ("2026-03-13 19:00:00", "2026-03-17 09:30:00"),  # Friday night, Monday 16 statutory
        ("2026-03-14 10:00:00", "2026-03-17 09:30:00"),  # Saturday
        ("2026-03-14 08:15:00", "2026-03-17 09:30:00"),  # Saturday 08:15
        ("2026-03-16 08:00:00", "2026-03-17 09:30:00"),  # before 09:30 and día inhábil
        ("2026-12-31 18:30:00", "2027-01-04 09:30:00"),  # year edge
        ("2026-12-31 08:15:00", "2027-01-04 09:30:00"),  # Thu 31 08:15; 1 Jan statutory, weekend
    ],
)
def test_notificacion_por_apertura(apertura: str, notificada: str) -> None:
    assert plazos.notificacion_por_apertura(zc(apertura), NACIONAL) == zc(notificada)


def test_apertura_antes_de_las_930_con_dia_declarado_del_ambito() -> None:
    # Fri 11 Sep 2026 08:15: Mon 14 is declared in JAL only and Wed 16 is statutory.
    assert plazos.notificacion_por_apertura(zc("2026-09-11 08:15"), NACIONAL) == zc(
        "2026-09-14 09:30"
    )
    assert plazos.notificacion_por_apertura(zc("2026-09-11 08:15"), JALISCO) == zc(
        "2026-09-15 09:30"
    )


# -- 7.2, first paragraph: when an aviso may be *sent* (unchanged: same day before 09:30) --------


@pytest.mark.parametrize(
    ("debido", "enviado"),
    [
        ("2026-03-10 08:15:00", "2026-03-10 09:30:00"),  # Tuesday 08:15: 09:30 that same day
        ("2026-03-10 00:00:00", "2026-03-10 09:30:00"),
        ("2026-03-10 09:29:59", "2026-03-10 09:30:00"),
        ("2026-03-10 09:30:00", "2026-03-10 09:30:00"),
        ("2026-03-10 12:00:00", "2026-03-10 12:00:00"),
        ("2026-03-10 18:00:00", "2026-03-10 18:00:00"),
        ("2026-03-10 18:00:01", "2026-03-11 09:30:00"),  # after the hours: next día hábil
        ("2026-03-14 08:15:00", "2026-03-17 09:30:00"),  # Saturday; Monday 16 statutory
        ("2026-03-16 08:15:00", "2026-03-17 09:30:00"),  # statutory Monday before 09:30
    ],
)
def test_siguiente_instante_en_horario(debido: str, enviado: str) -> None:
    assert plazos.siguiente_instante_en_horario(zc(debido), NACIONAL) == zc(enviado)


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
        # 08:15 openings [I-29]: d1 = Tue 17, d2 = Wed 18, d3 = Thu 19, d4 = Fri 20 (Mon 16
        # statutory). On d1 it is notified at 09:30 of d2, not of d1.
        ("2026-03-17 08:15", "2026-03-18 09:30", "apertura"),
        # On d3: 09:30 of d4, the deemed instant itself; the opening wins the tie.
        ("2026-03-19 08:15", "2026-03-20 09:30", "apertura"),
        ("2026-03-19 09:29:59", "2026-03-20 09:30", "apertura"),
        ("2026-03-19 09:30:00", "2026-03-19 09:30", "apertura"),
        ("2026-03-17 18:00:01", "2026-03-18 09:30", "apertura"),
        ("2026-03-14 08:15", "2026-03-17 09:30", "apertura"),  # Saturday: 09:30 of d1
        # On d4 before 09:30 it would be 09:30 of Mon 23: already deemed at 09:30 of d4.
        ("2026-03-20 08:15", "2026-03-20 09:30", "vencimiento"),
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


# -- CFF 139 (reformed DOF 12-11-2021): estrados, ten días, notified on the eleventh [I-28] -------


@pytest.mark.parametrize(
    ("publicada", "inicio", "fin", "notificada"),
    [
        # Fri 13 March 2026; Mon 16 statutory. Counted by hand: 17, 18, 19, 20 (4), 23-27 (9),
        # 30 (10); the 11th is Tue 31 March.
        ("2026-03-13", "2026-03-17", "2026-03-30", "2026-03-31"),
        # Published on a Saturday: counting starts Monday; 2-6 (5), 9-13 (10); the 11th would be
        # Mon 16, statutory (third Monday of March), so it is Tue 17.
        ("2026-02-28", "2026-03-02", "2026-03-13", "2026-03-17"),
        # Across the year end: Thu 31 Dec (1), Fri 1 Jan statutory, 4-8 (6), 11-14 Jan (10); the
        # 11th is Fri 15 Jan 2027.
        ("2026-12-30", "2026-12-31", "2027-01-14", "2027-01-15"),
    ],
)
def test_estrados(publicada: str, inicio: str, fin: str, notificada: str) -> None:
    resultado = plazos.estrados(d(publicada), NACIONAL)
    assert (resultado.inicio_publicacion, resultado.fin_publicacion, resultado.notificada) == (
        d(inicio),
        d(fin),
        d(notificada),
    )


def test_estrados_a_traves_de_un_periodo_declarado() -> None:
    # Published Thu 10 Sep 2026; Wed 16 statutory; Mon 14 declared for JAL only.
    # National: 11 (1), 14 (2), 15 (3), 17 (4), 18 (5), 21-25 (10); the 11th is Mon 28.
    nacional = plazos.estrados(d("2026-09-10"), NACIONAL)
    assert (nacional.fin_publicacion, nacional.notificada) == (d("2026-09-25"), d("2026-09-28"))
    # JAL: 11 (1), 15 (2), 17 (3), 18 (4), 21-25 (9), 28 (10); the 11th is Tue 29.
    jalisco = plazos.estrados(d("2026-09-10"), JALISCO)
    assert (jalisco.inicio_publicacion, jalisco.fin_publicacion, jalisco.notificada) == (
        d("2026-09-11"),
        d("2026-09-28"),
        d("2026-09-29"),
    )
    # A declared week (21-25 Sep, national) inside the period: 11, 14, 15, 17, 18 (5), 28-30 (8),
    # 1, 2 Oct (10); the 11th is Mon 5 Oct.
    semana = Calendario([DiaInhabilDeclarado(d("2026-09-21"), d("2026-09-25"), "DOF")])
    con_semana = plazos.estrados(d("2026-09-10"), semana)
    assert (con_semana.fin_publicacion, con_semana.notificada) == (d("2026-10-02"), d("2026-10-05"))


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
    # Acuerdo Sexto: DOF 5 Aug 2024, in force the day after. The 180 días naturales with 6 Aug as
    # the first: 26 (6-31 Aug) + 30 + 31 + 30 + 31 + 31 (Jan) = 179, so the 180th is Sat 1 Feb
    # 2025, as the Institute announced. Sun 2 and Mon 3 (first Monday of February, CFF 12) are
    # inhábiles: CFF 12 "se prorrogará el plazo hasta el siguiente día hábil", Tue 4 Feb [I-30].
    assert d("2024-08-06") == plazos.ENTRADA_EN_VIGOR
    assert plazos.ultimo_dia_anunciado(d("2024-08-06")) == d("2025-02-01")
    assert NACIONAL.motivo_inhabil(d("2025-02-03")) is not None
    assert plazos.ultimo_dia_para_habilitar(d("2024-08-06"), NACIONAL) == d("2025-02-04")
    assert plazos.habilitacion_extemporanea_desde(d("2024-08-06"), NACIONAL) == zc(
        "2025-02-05 00:00"
    )
    # A 180th day that is hábil is the last day: 8 Nov 2024 as the first, 23 (8-30 Nov) + 31 + 31
    # + 28 + 31 + 30 + 6 (May) = 180: Tue 6 May 2025.
    assert plazos.ultimo_dia_para_habilitar(d("2024-11-08"), NACIONAL) == d("2025-05-06")
    # A día inhábil declared on 4 Feb 2025 extends it once more, to Wed 5 Feb.
    declarado = Calendario([DiaInhabilDeclarado(d("2025-02-04"), d("2025-02-04"), "DOF")])
    assert plazos.ultimo_dia_para_habilitar(d("2024-08-06"), declarado) == d("2025-02-05")


@pytest.mark.parametrize(
    ("instante", "tarde"),
    [
        ("2025-02-01 12:00:00", False),  # Saturday, the announced 180th day
        ("2025-02-02 23:59:59", False),  # Sunday
        ("2025-02-03 10:00:00", False),  # Monday 3, statutory
        ("2025-02-04 00:00:00", False),  # Tuesday 4, the last day (CFF 12)
        ("2025-02-04 23:59:59", False),
        ("2025-02-04 23:59:59.999999", False),
        ("2025-02-05 00:00:00", True),  # Wednesday 5: late, estrados from now
        ("2025-02-05 09:30:00", True),
    ],
)
def test_habilitacion_de_1_a_5_de_febrero_de_2025(instante: str, tarde: bool) -> None:
    desde = plazos.habilitacion_extemporanea_desde(plazos.ENTRADA_EN_VIGOR, NACIONAL)
    assert (zc(instante) >= desde) is tarde


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
