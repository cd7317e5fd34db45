"""The due dates of the employer's obligations (LSS 15 A, 16, 39, 74; CFF 12, 135): tables written
out by hand, weekday checked against a printed calendar of each year."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from buzon.legal import obligaciones as o
from buzon.legal.calendario import Ambito, Calendario, DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import ZONA_CENTRO

NACIONAL = Calendario()


def declarado(desde: str, hasta: str | None = None, **alcance: frozenset[str]) -> Calendario:
    """A calendar with one declaration; its scope (entidades/subdelegaciones) covers JAL."""
    dia = DiaInhabilDeclarado(
        date.fromisoformat(desde), date.fromisoformat(hasta or desde), "DOF de prueba", **alcance
    )
    return Calendario([dia], Ambito("JAL", "Guadalajara"))


@pytest.mark.parametrize(
    ("vencimiento", "legal", "fecha", "motivo"),
    [
        # A 17th on a Saturday, on a Sunday, and on a plain Thursday.
        (o.cuotas_mensuales(2025, 12, NACIONAL), "2026-01-17", "2026-01-19", "sábado"),
        (o.cuotas_mensuales(2026, 9, NACIONAL), "2026-10-17", "2026-10-19", "sábado"),
        (o.cuotas_mensuales(2026, 4, NACIONAL), "2026-05-17", "2026-05-18", "domingo"),
        (o.cuotas_mensuales(2026, 11, NACIONAL), "2026-12-17", "2026-12-17", None),
        # The bimestre of noviembre–diciembre falls due in January of the next year.
        (o.cuotas_bimestrales(2026, 6, NACIONAL), "2027-01-17", "2027-01-18", "domingo"),
        (o.cuotas_bimestrales(2026, 4, NACIONAL), "2026-09-17", "2026-09-17", None),
        # ICSOE: 17 January, May and September.
        (o.icsoe(2026, "septiembre-diciembre", NACIONAL), "2027-01-17", "2027-01-18", "domingo"),
        (o.icsoe(2026, "enero-abril", NACIONAL), "2026-05-17", "2026-05-18", "domingo"),
        (o.icsoe(2026, "mayo-agosto", NACIONAL), "2026-09-17", "2026-09-17", None),
        # The prima RT in February: 28 Feb 2026 is a Saturday; 2028 is a leap year.
        (o.prima_rt(2026, NACIONAL), "2026-02-28", "2026-03-02", "sábado"),
        (o.prima_rt(2027, NACIONAL), "2027-02-28", "2027-03-01", "domingo"),
        (o.prima_rt(2028, NACIONAL), "2028-02-29", "2028-02-29", None),
        # The dictamen of the ejercicio 2025, and the aviso of 2026 (30 Apr 2027, a Friday).
        (o.aviso_dictamen(2025, NACIONAL), "2026-04-30", "2026-04-30", None),
        (o.dictamen(2025, NACIONAL), "2026-09-30", "2026-09-30", None),
        (o.aviso_dictamen(2026, NACIONAL), "2027-04-30", "2027-04-30", None),
        # Declared días inhábiles covering the particular's entidad.
        (
            o.cuotas_mensuales(2026, 11, declarado("2026-12-17", entidades=frozenset({"JAL"}))),
            "2026-12-17",
            "2026-12-18",
            "declarado inhábil: DOF de prueba",
        ),
        (  # a Saturday 17th and the Monday after declared: Tuesday
            o.cuotas_mensuales(2025, 12, declarado("2026-01-19")),
            "2026-01-17",
            "2026-01-20",
            "sábado",
        ),
        (  # 17 September declared for the subdelegación: the 18th
            o.icsoe(
                2026,
                "mayo-agosto",
                declarado("2026-09-17", subdelegaciones=frozenset({"GUADALAJARA"})),
            ),
            "2026-09-17",
            "2026-09-18",
            "declarado inhábil: DOF de prueba",
        ),
    ],
)
def test_cada_fecha_calculada(
    vencimiento: o.Vencimiento, legal: str, fecha: str, motivo: str | None
) -> None:
    assert vencimiento.fecha_legal == date.fromisoformat(legal)
    assert vencimiento.fecha == date.fromisoformat(fecha)
    assert vencimiento.motivo_prorroga == motivo
    if motivo is None:
        assert o.FUNDAMENTO_PRORROGA not in vencimiento.fundamento_completo
    else:
        assert vencimiento.fundamento_completo.endswith(o.FUNDAMENTO_PRORROGA)


def test_una_declaracion_de_otra_entidad_no_mueve_la_fecha() -> None:
    otra = Calendario(
        [DiaInhabilDeclarado(date(2026, 12, 17), date(2026, 12, 17), "DOF", frozenset({"JAL"}))],
        Ambito("CMX", "Centro"),
    )
    assert o.cuotas_mensuales(2026, 11, otra).fecha == date(2026, 12, 17)


def test_pago_en_bancos_un_viernes() -> None:
    """CFF 12: a payment due on a Friday at the banks extends to the next día hábil; the due
    date itself stays (the cédula is due that Friday). Not for a filing such as the ICSOE."""
    junio = o.cuotas_mensuales(2026, 6, NACIONAL)  # 17 July 2026, Friday
    assert (junio.fecha, junio.pago_en_bancos) == (date(2026, 7, 17), date(2026, 7, 20))
    assert o.cuotas_mensuales(2026, 11, NACIONAL).pago_en_bancos is None  # a Thursday
    assert o.icsoe(2027, "mayo-agosto", NACIONAL).pago_en_bancos is None  # Fri 17 Sep 2027
    # A Friday after a move: 17 Dec 2026 declared, due Friday the 18th, banks Monday the 21st.
    movida = o.cuotas_mensuales(2026, 11, declarado("2026-12-17"))
    assert movida.pago_en_bancos == date(2026, 12, 21)


def test_semana_santa_no_es_inhabil_si_no_se_declara() -> None:
    """CFF 12 does not list Holy Thursday or Good Friday: días hábiles unless declared."""
    jueves_santo = date(2027, 3, 25)
    assert NACIONAL.es_habil(jueves_santo) and NACIONAL.es_habil(date(2027, 3, 26))
    lunes = datetime(2027, 3, 22, 10, 0, tzinfo=ZONA_CENTRO)
    plazo = o.plazo_requerimiento(lunes, 5, NACIONAL)
    assert (plazo.surte_efectos, plazo.primer_dia, plazo.vence) == (
        date(2027, 3, 23),
        date(2027, 3, 24),
        date(2027, 3, 30),
    )
    declarada = declarado("2027-03-25", "2027-03-26")
    assert o.plazo_requerimiento(lunes, 5, declarada).vence == date(2027, 4, 1)


def test_plazo_de_requerimiento_sobre_el_1_de_enero() -> None:
    """Made Wed 30 Dec 2026, surte efectos Thu 31; 1 Jan is inhábil: days 4, 5 and 6 Jan."""
    plazo = o.plazo_requerimiento(datetime(2026, 12, 30, 17, 0, tzinfo=ZONA_CENTRO), 3, NACIONAL)
    assert plazo.notificada == date(2026, 12, 30)
    assert plazo.surte_efectos == date(2026, 12, 31)
    assert plazo.primer_dia == date(2027, 1, 4)
    assert plazo.vence == date(2027, 1, 6)


def test_plazo_de_requerimiento_en_zona_centro_y_con_efectos_fijados() -> None:
    # 23:30 in Tijuana on Tue 15 Sep is 00:30 of Wed 16 Sep in Zona Centro (inhábil): surte
    # efectos on Thu 17; with a diligencia that fixed them on Fri 18, the plazo starts Mon 21.
    tijuana = datetime.fromisoformat("2026-09-15T23:30:00-07:00")
    assert o.plazo_requerimiento(tijuana, 1, NACIONAL).surte_efectos == date(2026, 9, 17)
    fijado = o.plazo_requerimiento(tijuana, 1, NACIONAL, surte_efectos=date(2026, 9, 18))
    assert fijado.vence == date(2026, 9, 21)


@pytest.mark.parametrize("dias", [0, 91])
def test_plazo_fuera_de_rango(dias: int) -> None:
    with pytest.raises(ErrorLegal) as error:
        o.plazo_requerimiento(datetime(2026, 1, 5, 10, tzinfo=ZONA_CENTRO), dias, NACIONAL)
    assert error.value.campo == "dias_habiles"


@pytest.mark.parametrize(
    ("fecha", "dias", "recordar"),
    [
        ("2026-09-17", 3, "2026-09-11"),  # 16 September is skipped: 15, 14, 11
        ("2026-09-17", 1, "2026-09-15"),
        ("2027-01-04", 1, "2026-12-31"),  # 1 January and the weekend skipped
        ("2026-01-19", 3, "2026-01-14"),
        ("2026-01-19", 0, "2026-01-19"),
    ],
)
def test_dias_habiles_antes(fecha: str, dias: int, recordar: str) -> None:
    assert o.habiles_antes(date.fromisoformat(fecha), dias, NACIONAL) == date.fromisoformat(
        recordar
    )


def test_vencimientos_entre_ordena_y_filtra() -> None:
    aplica = o.QueAplica(icsoe=True, dictamen_de=frozenset({2025}))
    septiembre = list(o.vencimientos_entre(date(2026, 9, 1), date(2026, 9, 30), NACIONAL, aplica))
    assert [(v.clave, v.periodo, v.fecha.isoformat()) for v in septiembre] == [
        ("cuotas_mensuales", "2026-08", "2026-09-17"),
        ("cuotas_bimestrales", "2026-B4", "2026-09-17"),
        ("icsoe", "2026-mayo-agosto", "2026-09-17"),
        ("dictamen", "2025", "2026-09-30"),
    ]
    sin_icsoe = o.vencimientos_entre(date(2026, 9, 1), date(2026, 9, 30), NACIONAL, o.QueAplica())
    assert [v.clave for v in sin_icsoe] == ["cuotas_mensuales", "cuotas_bimestrales"]
    # The 17 Jan 2026 (Saturday) dues moved to Monday the 19th enter a range that starts on 18.
    enero = list(o.vencimientos_entre(date(2026, 1, 18), date(2026, 1, 31), NACIONAL, aplica))
    assert {(v.clave, v.fecha) for v in enero} == {
        ("cuotas_mensuales", date(2026, 1, 19)),
        ("cuotas_bimestrales", date(2026, 1, 19)),
        ("icsoe", date(2026, 1, 19)),
    }
    assert list(o.vencimientos_entre(date(2026, 1, 1), date(2026, 1, 17), NACIONAL, aplica)) == []
    marzo = o.vencimientos_entre(date(2026, 3, 1), date(2026, 3, 3), NACIONAL, o.QueAplica())
    assert [(v.clave, v.fecha) for v in marzo] == [("prima_rt", date(2026, 3, 2))]


def test_rango_invalido() -> None:
    with pytest.raises(ErrorLegal):
        list(o.vencimientos_entre(date(2026, 2, 1), date(2026, 1, 1), NACIONAL, o.QueAplica()))
    with pytest.raises(ErrorLegal):
        list(o.vencimientos_entre(date(2026, 1, 1), date(2029, 1, 1), NACIONAL, o.QueAplica()))


def test_obligado_a_dictaminar() -> None:
    """LSS 16: an average of 300 or more, exact (no float): 11 months of 299 and one of 311."""
    assert o.obligado_a_dictaminar([299] * 11 + [311])
    assert not o.obligado_a_dictaminar([299] * 11 + [310])
    assert o.promedio_anual([300] * 12) == 300
    with pytest.raises(ErrorLegal):
        o.promedio_anual([300] * 11)
    assert o.cierres_de_mes(2028)[1] == date(2028, 2, 29)


def test_periodos_invalidos() -> None:
    with pytest.raises(ErrorLegal):
        o.cuotas_mensuales(2026, 13, NACIONAL)
    with pytest.raises(ErrorLegal):
        o.cuotas_bimestrales(2026, 7, NACIONAL)
    with pytest.raises(ErrorLegal):
        o.icsoe(2026, "marzo-junio", NACIONAL)
