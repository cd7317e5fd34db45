"""PURE. The ICSOE rules (LSS 15 A): cuatrimestre and due date, NSS/CURP/RFC checks, the CSV."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.actuaciones import reglas_icsoe as r
from buzon.legal.calendario import Calendario
from buzon.legal.errores import ErrorLegal

CURP = "BOXW310820HNERXN09"
NSS = "92919084431"  # the worked example of the IMSS rule: 9291908443 -> 1


@pytest.mark.parametrize(
    ("cuatrimestre", "inicio", "fin", "limite"),
    [
        ("enero-abril", date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 17)),
        ("mayo-agosto", date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 17)),
        ("septiembre-diciembre", date(2026, 9, 1), date(2026, 12, 31), date(2027, 1, 17)),
    ],
)
def test_cuatrimestres_y_fecha_limite(
    cuatrimestre: str, inicio: date, fin: date, limite: date
) -> None:
    assert r.periodo(2026, cuatrimestre) == (inicio, fin)
    assert r.fecha_limite(2026, cuatrimestre) == limite


def test_la_fecha_limite_inhabil_pasa_al_siguiente_dia_habil() -> None:
    # 17 May 2026 is a Sunday: Monday 18 May. 17 Jan 2027 is a Sunday: Monday 18 January.
    assert r.fecha_limite_habil(2026, "enero-abril", Calendario()) == date(2026, 5, 18)
    assert r.fecha_limite_habil(2026, "septiembre-diciembre", Calendario()) == date(2027, 1, 18)
    # 17 September 2026 is a Thursday: it stays.
    assert r.fecha_limite_habil(2026, "mayo-agosto", Calendario()) == date(2026, 9, 17)


def test_cuatrimestre_desconocido() -> None:
    with pytest.raises(ErrorLegal, match="no es un cuatrimestre"):
        r.fecha_limite(2026, "enero-marzo")


@pytest.mark.parametrize(
    ("nss", "valido"),
    [
        (NSS, True),
        ("9291-90-8443-1", True),
        ("92919084432", False),
        ("12345678903", True),
        ("12345678901", False),
        ("1234567890", False),
        ("9291908443A", False),
    ],
)
def test_nss(nss: str, valido: bool) -> None:
    if valido:
        assert r.revisar_nss(nss) == nss.replace("-", "")
    else:
        with pytest.raises(ErrorLegal):
            r.revisar_nss(nss)


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_digito_nss_es_luhn_y_detecta_un_digito_cambiado(diez: str) -> None:
    from stdnum import luhn

    digito = r.digito_nss(diez)
    assert digito == luhn.calc_check_digit(diez)
    assert r.revisar_nss(diez + digito) == diez + digito
    for i in range(10):
        cambiado = diez[:i] + str((int(diez[i]) + 1) % 10) + diez[i + 1 :]
        assert r.digito_nss(cambiado) != digito  # any single-digit error is caught


@pytest.mark.parametrize(
    ("curp", "valido"),
    [(CURP, True), (CURP.lower(), True), ("BOXW310820HNERXN08", False), ("BOXW3108", False)],
)
def test_curp(curp: str, valido: bool) -> None:
    if valido:
        assert r.revisar_curp(curp) == CURP
    else:
        with pytest.raises(ErrorLegal, match="CURP"):
            r.revisar_curp(curp)


@pytest.mark.parametrize(
    ("salario", "valido"),
    [
        ("452.75", True),
        ("300", True),
        ("0", False),
        ("-3", False),
        ("1,000.00", False),
        ("1.234", False),
    ],
)
def test_salario(salario: str, valido: bool) -> None:
    if valido:
        assert r.revisar_salario(salario) == salario
    else:
        with pytest.raises(ErrorLegal):
            r.revisar_salario(salario)


def test_rfc_con_el_modulo_legal() -> None:
    assert r.revisar_rfc("xaxx-010101-000") == "XAXX010101000"
    with pytest.raises(ErrorLegal):
        r.revisar_rfc("no-es-rfc")


ENCABEZADO = "contrato,nombre,curp,nss,salario_base_cotizacion\n"


def test_csv_bueno_con_bom_y_comillas() -> None:
    texto = ENCABEZADO + f'C-1,"PÉREZ, JUAN",{CURP},{NSS},452.75\n' + f"C-2,ANA,{CURP},{NSS},300\n"
    filas = r.leer_trabajadores(("\ufeff" + texto).encode(), ["C-1", "C-2"])
    assert [(f.linea, f.contrato, f.nombre) for f in filas] == [
        (2, "C-1", "PÉREZ, JUAN"),
        (3, "C-2", "ANA"),
    ]


def test_csv_cada_fila_mala_con_su_linea_y_campo() -> None:
    texto = (
        ENCABEZADO
        + f"C-1,JUAN,{CURP},{NSS},452.75\n"
        + f"C-9,ANA,{CURP},{NSS},300\n"
        + "C-1,LUIS,BOXW310820HNERXN08,92919084432,0\n"
        + f"C-1,,{CURP},{NSS},10\n"
        + "C-1,SOLO DOS\n"
    )
    with pytest.raises(r.ErrorTabla) as error:
        r.leer_trabajadores(texto.encode(), ["C-1"])
    assert [(e.linea, e.campo) for e in error.value.errores] == [
        (3, "contrato"),
        (4, "curp"),
        (4, "nss"),
        (4, "salario_base_cotizacion"),
        (5, "nombre"),
        (6, "fila"),
    ]
    assert "nada se guardó" in error.value.mensaje


@pytest.mark.parametrize(
    ("contenido", "campo"),
    [
        (b"\xff\xfe no utf8", "archivo"),
        (b"nombre,curp\n", "encabezado"),
        ((ENCABEZADO + f"C-1,JUAN,{CURP},{NSS},1\nC-1,JUAN,{CURP},{NSS},1\n").encode(), "curp"),
        ((ENCABEZADO + f"C-1,JUAN,{CURP},{NSS},1\n").encode(), "contrato"),  # C-2 without rows
    ],
)
def test_csv_archivo_o_encabezado_o_duplicado(contenido: bytes, campo: str) -> None:
    with pytest.raises(r.ErrorTabla) as error:
        r.leer_trabajadores(contenido, ["C-1", "C-2"] if campo == "contrato" else ["C-1"])
    assert error.value.errores[0].campo == campo


def test_csv_de_3000_filas_y_no_mas() -> None:
    bueno = ENCABEZADO + "".join(f"C-{i % 3000},T{i},{CURP},{NSS},1\n" for i in range(3000))
    assert len(r.leer_trabajadores(bueno.encode(), [f"C-{i}" for i in range(3000)])) == 3000
    malo = bueno + f"C-1,OTRO,{CURP},{NSS},1\n"
    with pytest.raises(r.ErrorTabla, match="3,000"):
        r.leer_trabajadores(malo.encode(), [f"C-{i}" for i in range(3000)])


def test_la_vigencia_termina_el_dia_que_empieza_o_despues() -> None:
    def contrato(inicio: str, fin: str | None) -> dict[str, str]:
        return {"fecha_inicio": inicio} | ({"fecha_fin": fin} if fin else {})

    r.revisar_vigencias({"contratos": [contrato("2026-09-01", "2026-09-01")]})  # one day
    r.revisar_vigencias({"contratos": [contrato("2026-09-01", None)]})  # 2024 version: optional
    with pytest.raises(ErrorLegal) as exc:
        r.revisar_vigencias(
            {
                "contratos": [
                    contrato("2026-09-01", "2026-12-31"),
                    contrato("2026-10-01", "2026-09-30"),
                ]
            }
        )
    assert exc.value.campo == "contratos[1].fecha_fin"
    assert "anterior a su inicio" in exc.value.mensaje and "Fin de vigencia" in exc.value.mensaje


def test_fecha_limite_de_los_datos() -> None:
    datos = {"ejercicio": 2026, "cuatrimestre": "enero-abril"}
    assert r.fecha_limite_de(datos, Calendario()) == date(2026, 5, 18)  # 17 May: a Sunday
    assert r.fecha_limite_de({"ejercicio": "2026", "cuatrimestre": "x"}, Calendario()) is None
