"""The month of a worker at a registro: table tests by rule, and the batch path (numpy, exact
integers) proven equal to the Decimal reference, case by case and on generated histories."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.cotizacion import reglas
from buzon.cotizacion.reglas import Mes, Movimiento, mes_de

ABRIL = (date(2026, 4, 1), date(2026, 4, 30))


def m(tipo: str, fecha: str, sbc: str | None = None, dias: int | None = None) -> Movimiento:
    return Movimiento(tipo, date.fromisoformat(fecha), Decimal(sbc) if sbc else None, dias)


def _lote(historias: list[list[Movimiento]], inicio: date, fin: date) -> list[Mes]:
    filas = [
        (i, reglas.CODIGOS[x.tipo], x.fecha.toordinal(), int((x.sbc or 0) * 100), x.dias or 0)
        for i, h in enumerate(historias)
        for x in h
        if x.tipo != "12"
    ]
    a = np.array(filas, dtype=np.int64).reshape(-1, 5)
    lote = reglas.calcular_lote(
        len(historias), a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4], inicio, fin
    )

    def dec(c: int) -> Decimal | None:
        return None if c < 0 else Decimal(c) / 100

    def dia(o: int) -> date | None:
        return date.fromordinal(o) if o else None

    return [
        Mes(
            int(lote.dias[i]),
            int(lote.vigentes[i]),
            dec(int(lote.sbc[i])),
            bool(lote.vigente_al_cierre[i]),
            dec(int(lote.sbc_anterior[i])),
            dia(int(lote.primera_alta[i])),
            dia(int(lote.ultima_baja[i])),
        )
        for i in range(len(historias))
    ]


CASOS = {
    "vigente todo el mes": ([m("08", "2025-06-01", "500.00")], 30, "500.00", True, "500.00"),
    "alta a mitad de mes": ([m("08", "2026-04-16", "450.50")], 15, "450.50", True, None),
    "baja a mitad de mes (el día de la baja cuenta)": (
        [m("08", "2025-01-01", "600.00"), m("02", "2026-04-10")],
        10,
        "600.00",
        False,
        "600.00",
    ),
    "ausentismo: se restan sus días": (
        [m("08", "2025-01-01", "400.00"), m("11", "2026-04-06", dias=3)],
        27,
        "400.00",
        True,
        "400.00",
    ),
    "ausentismo que empezó el mes anterior": (
        [m("08", "2025-01-01", "400.00"), m("11", "2026-03-30", dias=4)],
        28,
        "400.00",
        True,
        "400.00",
    ),
    "incapacidad: sus días cuentan": (
        [m("08", "2025-01-01", "400.00"), m("12", "2026-04-06", dias=10)],
        30,
        "400.00",
        True,
        "400.00",
    ),
    "modificación de salario: el del cierre": (
        [m("08", "2025-01-01", "700.00"), m("07", "2026-04-20", "650.00")],
        30,
        "650.00",
        True,
        "700.00",
    ),
    "un solo día (alta y baja el mismo día)": (
        [m("08", "2026-04-07", "320.00"), m("02", "2026-04-07")],
        1,
        "320.00",
        False,
        None,
    ),
    "baja y reingreso en el mes": (
        [m("08", "2025-01-01", "500.00"), m("02", "2026-04-05"), m("08", "2026-04-21", "480.00")],
        15,
        "480.00",
        True,
        "500.00",
    ),
    "baja antes del mes": (
        [m("08", "2025-01-01", "500.00"), m("02", "2026-03-31")],
        0,
        None,
        False,
        "500.00",
    ),
    "sin movimientos en el registro": ([], 0, None, False, None),
}


@pytest.mark.parametrize("nombre", list(CASOS))
def test_tabla_de_dias_y_sbc(nombre: str) -> None:
    movs, dias, sbc, cierre, anterior = CASOS[nombre]
    esperado = (
        dias,
        Decimal(sbc) if sbc else None,
        cierre,
        Decimal(anterior) if anterior else None,
    )
    referencia = mes_de(movs, *ABRIL)
    assert (
        referencia.dias,
        referencia.sbc,
        referencia.vigente_al_cierre,
        referencia.sbc_anterior,
    ) == esperado
    assert _lote([movs], *ABRIL) == [referencia]


def test_dos_patrones_son_dos_renglones() -> None:
    uno = [m("08", "2025-01-01", "500.00")]
    otro = [m("08", "2026-04-11", "300.00"), m("11", "2026-04-20", dias=2)]
    assert [x.dias for x in _lote([uno, otro], *ABRIL)] == [30, 18]


def test_altas_y_bajas_del_mes() -> None:
    movs = [
        m("08", "2025-01-01", "500.00"),
        m("02", "2026-04-05"),
        m("08", "2026-04-21", "480.00"),
        m("02", "2026-04-28"),
    ]
    r = mes_de(movs, *ABRIL)
    assert (r.primera_alta, r.ultima_baja) == (date(2026, 4, 21), date(2026, 4, 28))
    assert _lote([movs], *ABRIL) == [r]


def test_periodos() -> None:
    assert reglas.leer_periodo("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert reglas.periodo_anterior(202601) == 202512
    for malo in ("2026-13", "26-04", "2026/04", ""):
        with pytest.raises(ValueError, match="periodo"):
            reglas.leer_periodo(malo)


_TIPOS = st.sampled_from(["08", "07", "02", "11", "12"])


@st.composite
def historias(draw: st.DrawFn) -> list[Movimiento]:
    """Any sequence, valid or not (the ledger is not validated): the paths must still agree."""
    salida = []
    for _ in range(draw(st.integers(0, 7))):
        tipo = draw(_TIPOS)
        fecha = date(2026, 3, 1) + timedelta(days=draw(st.integers(-20, 75)))
        sbc = Decimal(draw(st.integers(1, 2_500_000_00))) / 100 if tipo in ("08", "07") else None
        dias = draw(st.integers(1, 7)) if tipo in ("11", "12") else None
        salida.append(Movimiento(tipo, fecha, sbc, dias))
    return salida


@given(st.lists(historias(), min_size=1, max_size=6), st.sampled_from(["2026-02", "2026-04"]))
def test_lote_igual_a_la_referencia(casos: list[list[Movimiento]], periodo: str) -> None:
    inicio, fin = reglas.leer_periodo(periodo)
    # The batch reads no 12 and no 11 ending before the month: the reference needs neither.
    assert _lote(casos, inicio, fin) == [mes_de(h, inicio, fin) for h in casos]
