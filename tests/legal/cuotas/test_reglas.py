"""Table tests of the rules, one per article, on the reference path (day by day, Decimal)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from buzon.legal.cuotas import referencia
from buzon.legal.cuotas.parametros import vigentes
from buzon.legal.errores import ErrorLegal
from tests.legal.cuotas.ayudas import D, cuotas, d, pesos, r

ALTA_500 = ("08", "2026-01-05", "500.00")


def test_vectores_del_issue_2026_04_sbc_500_prima_054355() -> None:
    c = cuotas("2026-04", ALTA_500)
    assert c.dias == referencia.Dias(30, 0, 0)
    assert pesos(c, "cuota_fija") == ("717.94", "0.00")  # LSS 106-I: 20.40 % of one UMA
    assert pesos(c, "excedente") == ("48.86", "17.77")  # 106-II: 1.10 / 0.40 % of SBC − 3 UMA
    assert pesos(c, "prestaciones_dinero") == ("105.00", "37.50")  # 107
    assert pesos(c, "gastos_medicos_pensionados") == ("157.50", "56.25")  # 25
    assert pesos(c, "riesgos_trabajo") == ("81.53", "0.00")  # 71–74, the registro's prima
    assert pesos(c, "invalidez_vida") == ("262.50", "93.75")  # 147
    assert pesos(c, "guarderias") == ("150.00", "0.00")  # 211
    assert c.como_dict()["total_patron"] == "1523.33"
    assert c.como_dict()["total_obrero"] == "205.27"
    assert c.como_dict()["total"] == "1728.60"


def test_cyv_2026_sbc_500_es_7513_y_eba_completa() -> None:
    uma = vigentes().uma_del_dia(d("2026-04-01"))
    banda = referencia.banda_cyv(D("500.00"), uma, False, vigentes().bandas_cyv)
    assert vigentes().tasas_cyv_patron(d("2026-04-01"))[banda] == D("7.513")
    c = cuotas("2026-B2", ALTA_500)  # April and May: 61 days
    assert c.dias.cotizados == 61
    assert pesos(c, "retiro") == ("610.00", "0.00")  # 168-I: 2 % × 500 × 61
    assert pesos(c, "cesantia_vejez") == ("2291.47", "343.13")  # 7.513 % and 1.125 % (168-II)
    assert pesos(c, "infonavit") == ("1525.00", "0.00")  # INFONAVIT 29-II: 5 %
    assert list(c.importes) == ["retiro", "cesantia_vejez", "infonavit"]


def test_enero_usa_la_uma_del_anio_anterior() -> None:
    p = vigentes()
    assert p.uma_del_dia(d("2026-01-31")) == D("113.14")
    assert p.uma_del_dia(d("2026-02-01")) == D("117.31")
    assert p.uma_del_dia(d("2022-01-15")) == D("89.62")
    enero = cuotas("2026-01", ("08", "2025-06-01", "500.00"))
    assert pesos(enero, "cuota_fija") == ("715.50", "0.00")  # 31 × 23.08056 = 715.49736
    febrero = cuotas("2026-02", ("08", "2025-06-01", "500.00"))
    assert pesos(febrero, "cuota_fija") == ("670.07", "0.00")  # 28 × 23.93124 = 670.07472


def test_bimestre_1_cambia_de_uma_el_1_de_febrero() -> None:
    c = cuotas("2026-B1", ("08", "2025-06-01", "3000.00"))
    # LSS 28 cap: 25 × 113.14 = 2828.50 in January, 25 × 117.31 = 2932.75 in February.
    esperado = (D("2828.50") * 31 + D("2932.75") * 28) * D("0.02")
    assert c.importes["retiro"].patron == esperado.quantize(D("0.01"))


def test_salario_minimo_por_anio_y_zona() -> None:
    p = vigentes()
    assert p.salario_minimo_del_dia(d("2026-12-31"), "general") == D("315.04")
    assert p.salario_minimo_del_dia(d("2026-01-01"), "zlfn") == D("440.87")
    assert p.salario_minimo_del_dia(d("2022-06-01"), "zlfn") == D("260.34")
    assert p.salario_minimo_del_dia(d("2025-12-31"), "general") == D("278.80")


def test_el_dia_de_la_baja_cuenta() -> None:
    c = cuotas("2026-04", ALTA_500, ("02", "2026-04-10"))
    assert c.dias.cotizados == 10  # 1–10 April, the baja day included (LSS 37)
    assert pesos(c, "prestaciones_dinero") == ("35.00", "12.50")
    reingreso = cuotas("2026-04", ALTA_500, ("02", "2026-04-10"), ("08", "2026-04-21", "600.00"))
    assert reingreso.dias.cotizados == 20
    assert pesos(reingreso, "prestaciones_dinero") == ("77.00", "27.50")  # 10×3.50 + 10×4.20


def test_la_modificacion_surte_efecto_el_dia_de_su_fecha() -> None:
    c = cuotas("2026-04", ALTA_500, ("07", "2026-04-16", "600.00"))  # LSS 34, 35
    assert pesos(c, "prestaciones_dinero") == ("115.50", "41.25")  # 15 × 500, 15 × 600


def test_alta_a_mitad_del_periodo_y_trabajador_sin_dias() -> None:
    c = cuotas("2026-04", ("08", "2026-04-21", "500.00"))
    assert c.dias.cotizados == 10
    nada = cuotas("2026-04", ("08", "2026-05-01", "500.00"))
    assert nada.dias == referencia.Dias(0, 0, 0)
    assert nada.como_dict()["total"] == "0.00"


def test_ramos_por_clase_de_dia_lss_31() -> None:
    c = cuotas("2026-04", ALTA_500, ("11", "2026-04-06", 3), ("12", "2026-04-20", 5))
    assert c.dias == referencia.Dias(30, 3, 5)
    # EyM: every day but incapacidad (25 days); RT, IV, guarderías: 22 days.
    assert pesos(c, "prestaciones_dinero") == ("87.50", "31.25")
    assert pesos(c, "cuota_fija")[0] == r(D("23.93124") * 25)
    assert pesos(c, "invalidez_vida") == ("192.50", "68.75")
    assert pesos(c, "guarderias") == ("110.00", "0.00")
    assert pesos(c, "riesgos_trabajo") == (r(D("2.71775") * 22), "0.00")
    eba = cuotas("2026-B2", ALTA_500, ("11", "2026-04-06", 3), ("12", "2026-04-20", 5))
    # Retiro and INFONAVIT: every day but ausentismo (58); CyV: 53 (LSS 31-I, 31-IV) [I-60].
    assert pesos(eba, "retiro") == ("580.00", "0.00")
    assert pesos(eba, "infonavit") == ("1450.00", "0.00")
    assert pesos(eba, "cesantia_vejez") == (r(D("37.565") * 53), r(D("5.625") * 53))


def test_tope_de_25_uma() -> None:
    c = cuotas("2026-04", ("08", "2026-01-05", "5000.00"))
    tope = D("2932.75")  # 25 × 117.31 (LSS 28)
    assert vigentes().tope_del_dia(d("2026-04-01")) == tope
    assert pesos(c, "prestaciones_dinero") == (
        r(tope * D("0.007") * 30),
        r(tope * D("0.0025") * 30),
    )
    assert pesos(c, "excedente")[0] == r((tope - D("351.93")) * D("0.011") * 30)
    justo = cuotas("2026-04", ("08", "2026-01-05", "2932.75"))
    assert justo.importes == c.importes


def test_articulo_36_el_patron_paga_la_parte_obrera_del_salario_minimo() -> None:
    c = cuotas("2026-04", ("08", "2026-01-05", "315.04"))
    for concepto, importe in c.importes.items():
        assert importe.obrero == 0, concepto
    # Prestaciones en dinero: 0.70 % + 0.25 % of 315.04 × 30.
    assert pesos(c, "prestaciones_dinero") == (r(D("315.04") * D("0.0095") * 30), "0.00")
    arriba = cuotas("2026-04", ("08", "2026-01-05", "315.05"))
    assert arriba.importes["prestaciones_dinero"].obrero > 0
    eba = cuotas("2026-B2", ("08", "2026-01-05", "315.04"))
    # The «1.00 SM» row: 3.150 % plus the worker's 1.125 %, both paid by the employer.
    assert pesos(eba, "cesantia_vejez") == (r(D("315.04") * D("0.04275") * 61), "0.00")


def test_articulo_36_en_la_zona_libre_de_la_frontera_norte() -> None:
    c = cuotas("2026-04", ("08", "2026-01-05", "440.87"), zona="zlfn")
    assert pesos(c, "excedente") == (r((D("440.87") - D("351.93")) * D("0.015") * 30), "0.00")
    general = cuotas("2026-04", ("08", "2026-01-05", "440.87"))
    assert general.importes["excedente"].obrero > 0  # not the minimum wage of the general zone


def test_sbc_menor_al_minimo_de_la_zona_es_error() -> None:
    with pytest.raises(
        ErrorLegal, match=r"movimiento 1 \(08.*menor que el salario mínimo de la Zona"
    ):
        cuotas("2026-04", ("08", "2026-01-05", "400.00"), zona="zlfn")
    with pytest.raises(ErrorLegal, match=r"SBC 278.80 .*2026-01-01 \(315.04\)"):
        cuotas("2026-01", ("08", "2025-03-01", "278.80"))
    assert cuotas("2025-12", ("08", "2025-03-01", "278.80")).dias.cotizados == 31


@pytest.mark.parametrize("anio", range(2023, 2031))
def test_bandas_cyv_en_sus_limites_exactos_cada_anio(anio: int) -> None:
    """LSS 168-II: SBC ≤ bound × UMA is that row, one centavo more the next [I-62]."""
    p = vigentes()
    dia = d(f"{anio}-07-01")
    tasas = p.tasas_cyv_patron(dia)
    columna = {
        2023: "3.150 3.281 3.575 3.751 3.869 3.953 4.016 4.241",
        2024: "3.150 3.413 4.000 4.353 4.588 4.756 4.882 5.331",
        2025: "3.150 3.544 4.426 4.954 5.307 5.559 5.747 6.422",
        2026: "3.150 3.676 4.851 5.556 6.026 6.361 6.613 7.513",
        2027: "3.150 3.807 5.276 6.157 6.745 7.164 7.479 8.603",
        2028: "3.150 3.939 5.701 6.759 7.464 7.967 8.345 9.694",
        2029: "3.150 4.070 6.126 7.360 8.183 8.770 9.211 10.784",
        2030: "3.150 4.202 6.552 7.962 8.902 9.573 10.077 11.875",
    }[anio]
    assert tasas == tuple(D(t) for t in columna.split())
    # Real UMAs up to 2026; a UMA for later years is not published yet: any value works.
    uma = p.uma_del_dia(dia) if anio <= 2026 else D("123.45")
    bandas = p.bandas_cyv
    for fila, banda in enumerate(bandas[1:-1], start=1):
        assert banda.hasta_uma is not None
        limite = banda.hasta_uma * uma
        abajo = limite.quantize(D("0.01"), rounding="ROUND_FLOOR")
        assert referencia.banda_cyv(abajo, uma, False, bandas) == fila
        assert referencia.banda_cyv(abajo + D("0.01"), uma, False, bandas) == fila + (
            abajo + D("0.01") > limite
        )
    assert referencia.banda_cyv(D("4.00") * uma + D("0.01"), uma, False, bandas) == 7
    assert referencia.banda_cyv(D("1.00") * uma, uma, True, bandas) == 0


def test_banda_por_limite_superior_no_inferior() -> None:
    """2.69 UMA is in the 2.51–3.00 row (public payroll code puts it in 2.01–2.50)."""
    p = vigentes()
    uma = p.uma_del_dia(d("2026-04-01"))
    sbc = (D("2.69") * uma).quantize(D("0.01"))
    assert p.bandas_cyv[referencia.banda_cyv(sbc, uma, False, p.bandas_cyv)].clave == (
        "2.51 a 3.00 UMA"
    )
    # Exactly: 3.00 UMA = 351.93 is the 2.51–3.00 row; 351.94 (3.0000852 UMA) the next.
    assert referencia.banda_cyv(D("351.93"), uma, False, p.bandas_cyv) == 4
    assert referencia.banda_cyv(D("351.94"), uma, False, p.bandas_cyv) == 5
    # Right above the minimum wage (2.6855 UMA in 2026): 2.51–3.00, 6.026 %.
    assert referencia.banda_cyv(D("315.05"), uma, False, p.bandas_cyv) == 4


def test_redondeo_por_concepto_despues_de_sumar() -> None:
    """Half-up once per concept and party: 30 × 1.62877 = 48.8631 → 48.86 (not 30 × 1.63)."""
    assert referencia.redondear(D("48.865")) == D("48.87")
    assert referencia.redondear(D("48.86499999")) == D("48.86")
    c = cuotas("2026-04", ALTA_500)
    assert c.total_patron == sum(i.patron for i in c.importes.values())


@pytest.mark.parametrize(
    ("prima", "mensaje"),
    [
        (None, "Falta «prima_rt»"),
        (D("0.49999"), "entre 0.5 y 15"),
        (D("15.00001"), "entre 0.5 y 15"),
        (D("0.543551"), "cinco decimales"),
    ],
)
def test_prima_de_riesgos_lss_74(prima: Decimal | None, mensaje: str) -> None:
    with pytest.raises(ErrorLegal, match=mensaje):
        cuotas("2026-04", ALTA_500, prima=prima)


def test_prima_no_va_en_la_bimestral_y_zona_desconocida() -> None:
    from buzon.legal.cuotas.periodos import leer_periodo

    with pytest.raises(ErrorLegal, match="solo se usa en la emisión mensual"):
        referencia.calcular([], leer_periodo("2026-B2"), D("0.5"))
    with pytest.raises(ErrorLegal, match="zona de salario mínimo"):
        cuotas("2026-04", ALTA_500, zona="norte")


def test_periodo_sin_parametros_publicados() -> None:
    with pytest.raises(ErrorLegal, match="No hay salario mínimo general publicado para el 2027"):
        cuotas("2027-01", ALTA_500)
    with pytest.raises(ErrorLegal, match="No hay salario mínimo"):
        cuotas("2021-12", ("08", "2021-01-05", "500.00"))
