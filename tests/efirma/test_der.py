from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.efirma import der


@given(st.integers(min_value=-(2**200), max_value=2**200))
def test_entero_ida_y_vuelta(n: int) -> None:
    codificado = der.entero_der(n)
    assert der.entero(der.leer(codificado)) == n
    contenido = der.leer(codificado).contenido
    # DER: minimal encoding (no redundant leading 0x00 / 0xff byte).
    if len(contenido) > 1:
        assert not (contenido[0] == 0 and contenido[1] < 0x80)
        assert not (contenido[0] == 0xFF and contenido[1] >= 0x80)


@pytest.mark.parametrize(
    "oid", ["1.2.840.113549.1.7.2", "2.5.4.45", "2.16.840.1.101.3.4.2.1", "1.3.6.1.5.5.7.3.2"]
)
def test_oid_ida_y_vuelta(oid: str) -> None:
    assert der.oid_texto(der.leer(der.oid_der(oid))) == oid


def test_longitud_larga() -> None:
    contenido = b"x" * 70000
    nodo = der.leer(der.octetos(contenido))
    assert nodo.contenido == contenido


@pytest.mark.parametrize(
    "datos",
    [
        b"",
        b"\x30",
        b"\x30\x80\x00\x00",  # indefinite length (BER, not DER)
        b"\x30\x05\x02\x01",  # runs past the end
        b"\x02\x01\x01\x00",  # trailing byte
        b"\x1f\x81\x01\x00",  # multi-byte tag
        b"\x04\x85\x01\x00\x00\x00\x00",  # absurd length
    ],
)
def test_der_mal_formado(datos: bytes) -> None:
    with pytest.raises(der.ErrorDER):
        der.leer(datos)


def test_textos_tolerantes() -> None:
    assert der.texto(der.leer(der.tlv(der.T61_STRING, "COMPAÑIA".encode("latin-1")))) == "COMPAÑIA"
    assert der.texto(der.leer(der.tlv(der.PRINTABLE_STRING, "COMPAÑIA".encode()))) == "COMPAÑIA"
    assert der.texto(der.leer(der.tlv(der.BMP_STRING, "Ñ&".encode("utf-16-be")))) == "Ñ&"
    with pytest.raises(der.ErrorDER):
        der.texto(der.leer(der.entero_der(5)))


def test_conjunto_ordena() -> None:
    assert der.conjunto([b"\x02\x01\x05", b"\x02\x01\x01"]) == b"\x31\x06\x02\x01\x01\x02\x01\x05"
