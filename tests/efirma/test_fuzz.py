"""Malformed DER certificates and keys never raise anything but our own error codes."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buzon.efirma import ErrorEfirma, leer_certificado, leer_llave
from buzon.efirma.pkcs8 import ESQUEMAS, cifrar_llave
from buzon.efirma.pki import AC, crear_ac, emitir

from .conftest import AHORA

AJUSTES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def muestras() -> tuple[bytes, tuple[bytes, ...]]:
    import tempfile
    from datetime import timedelta

    llave = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with tempfile.TemporaryDirectory() as carpeta:
        ac: AC = crear_ac(carpeta, bits=2048)
        cer, _ = emitir(
            ac,
            rfc="ÑA&8001011A1",
            nombre="PEÑA",
            representante=("XIQB891116QE4", "XIQB891116MGRMZR05"),
            rareza="t61_latin1",
            llave=llave,
            desde=AHORA - timedelta(days=1),
            hasta=AHORA + timedelta(days=1),
        )
    llaves = tuple(cifrar_llave(llave, "x", esquema) for esquema in ESQUEMAS)
    return cer, llaves


def _mutar(datos: bytes, cambios: list[tuple[int, int]], corte: int | None) -> bytes:
    mutable = bytearray(datos)
    for posicion, valor in cambios:
        mutable[posicion % len(mutable)] = valor
    return bytes(mutable[:corte] if corte is not None else mutable)


CAMBIOS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=4)
CORTE = st.none() | st.integers(0, 2000)


def _codigo(accion: Callable[[], object]) -> str | None:
    try:
        accion()
    except ErrorEfirma as error:
        return error.codigo
    return None


def _leer_todo_del_certificado(datos: bytes) -> None:
    def leer() -> None:
        cert = leer_certificado(datos)
        cert.identidad()
        _ = cert.tipo, cert.llave_publica_bits

    assert _codigo(leer) in (None, "archivo_invalido")


@AJUSTES
@given(st.binary(max_size=3000))
def test_bytes_al_azar_como_certificado(datos: bytes) -> None:
    _leer_todo_del_certificado(datos)


@AJUSTES
@given(CAMBIOS, CORTE)
def test_certificado_mutado(cambios: list[tuple[int, int]], corte: int | None) -> None:
    _leer_todo_del_certificado(_mutar(muestras()[0], cambios, corte))


def _leer_llave(datos: bytes) -> None:
    codigo = _codigo(lambda: leer_llave(datos, "x"))
    assert codigo in (None, "archivo_invalido", "password_incorrecta")


@AJUSTES
@given(st.binary(max_size=3000))
def test_bytes_al_azar_como_llave(datos: bytes) -> None:
    assert _codigo(lambda: leer_llave(datos, "x")) in (None, "archivo_invalido")


@AJUSTES
@given(st.integers(0, len(ESQUEMAS) - 1), CAMBIOS, CORTE)
def test_llave_mutada(indice: int, cambios: list[tuple[int, int]], corte: int | None) -> None:
    _leer_llave(_mutar(muestras()[1][indice], cambios, corte))
