"""The pure rules of a personal diligencia (CFF 13, 135, 137), with hand-counted dates.

January 2027: Fri 15, Sat 16, Sun 17, Mon 18, Tue 19. March 2027: Monday 15 is the third Monday
(21 March, CFF 12), so Friday 12 is followed by the día hábil Tuesday 16.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from buzon.legal.calendario import Calendario
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.entrega import diligencia
from buzon.notificaciones.entrega.diligencia import ErrorDiligencia

CAL = Calendario()
TIJUANA = ZoneInfo("America/Tijuana")


def zc(mes: int, dia: int, hora: int, minuto: int = 0, segundo: int = 0) -> datetime:
    return datetime(2027, mes, dia, hora, minuto, segundo, tzinfo=ZONA_CENTRO)


def _codigo(funcion: object, *args: object) -> str:
    with pytest.raises(ErrorDiligencia) as error:
        funcion(*args)  # type: ignore[operator]
    return error.value.codigo


# -- CFF 13: días y horas hábiles, 07:30–18:00 in the domicile's zone -------------------------


@pytest.mark.parametrize(
    ("instante", "habil"),
    [
        (zc(1, 15, 17, 59), True),  # Friday 17:59
        (zc(1, 18, 7, 30), True),  # the first instant
        (zc(1, 18, 18, 0, 0), True),  # 18:00:00 itself (as I-1)
        (zc(1, 18, 7, 29, 59), False),
        (zc(1, 18, 18, 0, 1), False),
        (zc(1, 16, 10), False),  # Saturday
        (zc(1, 17, 10), False),  # Sunday
        (zc(3, 15, 10), False),  # third Monday of March (CFF 12)
    ],
)
def test_dias_y_horas_habiles(instante: datetime, habil: bool) -> None:
    assert diligencia.en_dias_y_horas_habiles(instante, ZONA_CENTRO, CAL) is habil


def test_sabado_y_las_7_29_se_rechazan_con_su_motivo() -> None:
    sabado = _codigo(diligencia.exigir_habil, zc(1, 16, 10), ZONA_CENTRO, CAL, "instante", "X")
    temprano = _codigo(diligencia.exigir_habil, zc(1, 18, 7, 29), ZONA_CENTRO, CAL, "instante", "X")
    assert (sabado, temprano) == ("dia_inhabil", "hora_inhabil")
    with pytest.raises(ErrorDiligencia, match="sábado"):
        diligencia.exigir_habil(zc(1, 16, 10), ZONA_CENTRO, CAL, "instante", "La diligencia")
    with pytest.raises(ErrorDiligencia, match=r"07:29 .*7:30 a las 18:00"):
        diligencia.exigir_habil(zc(1, 18, 7, 29), ZONA_CENTRO, CAL, "instante", "La diligencia")


def test_las_horas_son_las_del_domicilio() -> None:
    # January: Tijuana is UTC-8, Zona Centro UTC-6.
    assert not diligencia.en_dias_y_horas_habiles(zc(1, 18, 9, 0), TIJUANA, CAL)  # 07:00 there
    assert diligencia.en_dias_y_horas_habiles(zc(1, 18, 9, 30), TIJUANA, CAL)  # 07:30 there
    assert diligencia.en_dias_y_horas_habiles(zc(1, 18, 19, 30), TIJUANA, CAL)  # 17:30 there
    assert not diligencia.en_dias_y_horas_habiles(zc(1, 18, 20, 1), TIJUANA, CAL)  # 18:01
    # Friday 23:00 Zona Centro is still Friday 21:00 in Tijuana: an hora inhábil, not Saturday.
    assert (
        _codigo(diligencia.exigir_habil, zc(1, 15, 23), TIJUANA, CAL, "instante", "X")
        == "hora_inhabil"
    )


def test_sin_desfase_se_rechaza() -> None:
    ingenuo = datetime(2027, 1, 18, 10)  # noqa: DTZ001
    assert _codigo(diligencia.exigir_habil, ingenuo, ZONA_CENTRO, CAL, "instante", "X") == (
        "instante_invalido"
    )


# -- CFF 135: surte efectos the next día hábil -------------------------------------------------


@pytest.mark.parametrize(
    ("instante", "zona", "dia"),
    [
        (zc(1, 15, 17, 59), ZONA_CENTRO, date(2027, 1, 18)),  # Friday → Monday
        (zc(1, 18, 7, 30), ZONA_CENTRO, date(2027, 1, 19)),  # Monday → Tuesday
        (zc(3, 12, 12), ZONA_CENTRO, date(2027, 3, 16)),  # Friday → Tuesday (Monday 15 inhábil)
        # 01:00 Saturday Zona Centro is 23:00 Friday in Tijuana: the day there counts.
        (zc(1, 16, 1), TIJUANA, date(2027, 1, 18)),
    ],
)
def test_surte_efectos_el_dia_habil_siguiente(
    instante: datetime, zona: ZoneInfo, dia: date
) -> None:
    assert diligencia.surte_efectos(instante, zona, CAL) == dia


# -- CFF 137: the citatorio fixes an hour of the next día hábil ----------------------------------


def test_citatorio_para_el_dia_habil_siguiente() -> None:
    dejado, cita = diligencia.exigir_cita(zc(1, 15, 12), zc(1, 18, 10), ZONA_CENTRO, CAL)
    assert (dejado, cita) == (zc(1, 15, 12), zc(1, 18, 10))
    assert diligencia.exigir_cita(zc(1, 18, 17, 50), zc(1, 19, 7, 30), ZONA_CENTRO, CAL)


@pytest.mark.parametrize(
    ("dejado", "cita", "codigo"),
    [
        (zc(1, 15, 12), zc(1, 17, 10), "cita_invalida"),  # Sunday
        (zc(1, 15, 12), zc(1, 16, 10), "cita_invalida"),  # Saturday
        (zc(1, 15, 12), zc(1, 19, 10), "cita_invalida"),  # not the next día hábil
        (zc(1, 15, 12), zc(1, 15, 16), "cita_invalida"),  # the same day
        (zc(1, 15, 12), zc(1, 18, 7, 0), "cita_invalida"),  # before 07:30
        (zc(1, 15, 12), zc(1, 18, 18, 30), "cita_invalida"),  # after 18:00
        (zc(1, 16, 12), zc(1, 18, 10), "dia_inhabil"),  # left on a Saturday
        (zc(1, 15, 19), zc(1, 18, 10), "hora_inhabil"),  # left at 19:00
    ],
)
def test_citatorio_invalido(dejado: datetime, cita: datetime, codigo: str) -> None:
    assert _codigo(diligencia.exigir_cita, dejado, cita, ZONA_CENTRO, CAL) == codigo


def test_citatorio_para_un_domingo_lo_dice() -> None:
    with pytest.raises(ErrorDiligencia, match="18 de enero de 2027") as error:
        diligencia.exigir_cita(zc(1, 15, 12), zc(1, 17, 10), ZONA_CENTRO, CAL)
    assert error.value.campo == "cita"


# -- CFF 135, 137: with whom -------------------------------------------------------------------


def test_interesado_o_representante_sin_citatorio() -> None:
    for con in ("interesado", "representante"):
        diligencia.exigir_con_quien(con, zc(1, 18, 10), None, ZONA_CENTRO)


@pytest.mark.parametrize("con", ["tercero", "vecino"])
def test_tercero_o_vecino_solo_a_la_hora_de_la_cita(con: str) -> None:
    cita = zc(1, 18, 10)
    assert _codigo(diligencia.exigir_con_quien, con, cita, None, ZONA_CENTRO) == (
        "requiere_citatorio"
    )
    antes = _codigo(diligencia.exigir_con_quien, con, zc(1, 18, 9, 59), cita, ZONA_CENTRO)
    otro_dia = _codigo(diligencia.exigir_con_quien, con, zc(1, 19, 10), cita, ZONA_CENTRO)
    assert antes == otro_dia == "fuera_de_la_cita"
    diligencia.exigir_con_quien(con, cita, cita, ZONA_CENTRO)
    diligencia.exigir_con_quien(con, zc(1, 18, 11, 30), cita, ZONA_CENTRO)


def test_con_quien_desconocido() -> None:
    assert _codigo(diligencia.exigir_con_quien, "portero", zc(1, 18, 10), None, ZONA_CENTRO) == (
        "con_quien_invalido"
    )
