"""The compact JWS reader (pure): any input is either read or refused with `ErrorAsercion`
(never another exception), only RS256 passes, and a signature verifies only over its own bytes."""

from __future__ import annotations

import base64
import contextlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given
from hypothesis import strategies as st

from buzon.convenios import jws

LLAVE = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(datos: object) -> str:
    crudo = json.dumps(datos).encode()
    return base64.urlsafe_b64encode(crudo).rstrip(b"=").decode()


@given(st.text(max_size=300))
def test_cualquier_texto_se_lee_o_se_rechaza_limpiamente(texto: str) -> None:
    error = None
    try:
        jws.leer(texto)
    except jws.ErrorAsercion as exc:
        error = exc
    assert error is None or (error.codigo == "invalid_client" and error.mensaje)


@given(st.lists(st.sampled_from("AQgw_-=+/.eyJ9"), max_size=80).map("".join))
def test_casi_jws_se_lee_o_se_rechaza_limpiamente(texto: str) -> None:
    with contextlib.suppress(jws.ErrorAsercion):
        jws.leer(texto)


@pytest.mark.parametrize("alg", ["none", "None", "HS256", "RS512", "PS256", "ES256", None, 1])
def test_solo_rs256(alg: object) -> None:
    texto = f"{_b64({'alg': alg})}.{_b64({'iss': 'x'})}.{_b64('firma')}"
    with pytest.raises(jws.ErrorAsercion, match="algoritmo"):
        jws.leer(texto)


def test_relleno_y_espacios_se_rechazan() -> None:
    buena = jws.firmar(LLAVE, {"iss": "x"}, {})
    asercion = jws.leer(buena)
    jws.verificar_firma(asercion, LLAVE.public_key())
    cabeza, reclamos, firma = buena.split(".")
    for mala in (
        f"{cabeza}=.{reclamos}.{firma}",
        f"{cabeza}.{reclamos} .{firma}",
        f"{cabeza}.{reclamos}.{firma}+",
    ):
        with pytest.raises(jws.ErrorAsercion):
            jws.leer(mala)


def test_la_firma_cubre_encabezado_y_reclamos() -> None:
    buena = jws.firmar(LLAVE, {"iss": "x", "jti": "1"}, {"kid": "a"})
    cabeza, _, firma = buena.split(".")
    otra = jws.leer(f"{cabeza}.{_b64({'iss': 'x', 'jti': '2'})}.{firma}")
    with pytest.raises(jws.ErrorAsercion, match="firma"):
        jws.verificar_firma(otra, LLAVE.public_key())
    ajena = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(jws.ErrorAsercion, match="firma"):
        jws.verificar_firma(jws.leer(buena), ajena.public_key())


def test_crit_y_x5c_mal_formado() -> None:
    with pytest.raises(jws.ErrorAsercion, match="crit"):
        jws.leer(jws.firmar(LLAVE, {}, {"crit": ["exp"]}))
    for x5c in ("texto", [], [1], ["%%%"]):
        with pytest.raises(jws.ErrorAsercion, match="x5c"):
            _ = jws.leer(jws.firmar(LLAVE, {}, {"x5c": x5c})).x5c


def test_ventana_de_tiempo() -> None:
    ahora = 1_800_000_000
    base = {
        "iss": "c",
        "sub": "c",
        "aud": "https://b/t",
        "iat": ahora,
        "exp": ahora + 120,
        "jti": "j",
    }

    def reclamos(**cambios: object) -> tuple[str, int]:
        asercion = jws.leer(jws.firmar(LLAVE, {**base, **cambios}, {}))
        return jws.comprobar_reclamos(asercion, cliente="c", audiencia="https://b/t", ahora=ahora)

    assert reclamos() == ("j", ahora + 120)
    assert reclamos(aud=["otra", "https://b/t"])[0] == "j"
    for malo in (
        {"exp": ahora + 121, "iat": ahora},
        {"exp": ahora - 11},
        {"iat": ahora + 11, "exp": ahora + 60},
        {"nbf": ahora + 60},
        {"jti": ""},
        {"jti": 5},
        {"exp": True},
        {"iss": "otro"},
        {"aud": "https://otra/t"},
    ):
        with pytest.raises(jws.ErrorAsercion):
            reclamos(**malo)
