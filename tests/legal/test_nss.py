"""The NSS check digit (buzon.legal.nss), shared by the ICSOE and the afiliación ledger."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import digito_nss, normalizar_nss


def test_ejemplo_del_imss() -> None:
    assert digito_nss("9291908443") == "1"
    assert normalizar_nss(" 9291-90-8443-1 ") == "92919084431"


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_es_luhn_y_detecta_cualquier_digito_cambiado(diez: str) -> None:
    digito = digito_nss(diez)
    assert digito == luhn.calc_check_digit(diez)
    assert normalizar_nss(diez + digito) == diez + digito
    for i in range(10):
        cambiado = diez[:i] + str((int(diez[i]) + 1) % 10) + diez[i + 1 :]
        assert digito_nss(cambiado) != digito
    otro = str((int(digito) + 1) % 10)
    with pytest.raises(ErrorLegal, match="dígito verificador"):
        normalizar_nss(diez + otro)


@pytest.mark.parametrize(
    ("valor", "texto"),
    [
        ("", "falta el número de seguridad social"),
        ("1234567890", "debe tener 11 dígitos"),
        ("9291908443A", "debe tener 11 dígitos"),
        ("929190844311", "debe tener 11 dígitos"),
        ("92919084432", "dígito verificador"),
    ],
)
def test_nss_rechazado_nombra_el_campo(valor: str, texto: str) -> None:
    with pytest.raises(ErrorLegal, match=texto) as error:
        normalizar_nss(valor, "nss_trabajador")
    assert error.value.campo == "nss_trabajador"


def test_diez_digitos_o_nada() -> None:
    with pytest.raises(ValueError, match="diez dígitos"):
        digito_nss("12345")


def test_el_icsoe_usa_la_misma_regla() -> None:
    from buzon.actuaciones import reglas_icsoe

    assert reglas_icsoe.digito_nss is digito_nss
