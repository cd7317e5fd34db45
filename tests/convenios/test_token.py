"""POST /convenios/token: client_credentials with a JWT client assertion (RFC 6749 §4.4, RFC 7523
§2.2). A good assertion gets a short-lived Bearer token; every defect gets §5.2's error with the
contract's Spanish `mensaje`, and a known convenio's every request leaves an audit row."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from buzon.convenios.models import LlamadaConvenio, TokenConvenio
from buzon.convenios.servicios import do_revocar_convenio, hoy, huella
from tests.convenios.conftest import Agencia
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db


def _b64(datos: bytes) -> str:
    return base64.urlsafe_b64encode(datos).rstrip(b"=").decode()


def _error(respuesta: object, codigo: str, estado: int) -> dict[str, object]:
    assert respuesta.status_code == estado, respuesta.content  # type: ignore[attr-defined]
    cuerpo: dict[str, object] = respuesta.json()  # type: ignore[attr-defined]
    assert cuerpo["error"] == codigo
    assert cuerpo["error_description"] == cuerpo["mensaje"]
    assert isinstance(cuerpo["mensaje"], str) and cuerpo["mensaje"]
    assert "campo" in cuerpo
    return cuerpo


def test_una_asercion_buena_da_un_token(client: Client, agencia: Agencia) -> None:
    respuesta = agencia.pedir_token(client)
    assert respuesta.status_code == 200, respuesta.content
    assert respuesta["Cache-Control"] == "no-store"
    cuerpo = respuesta.json()
    assert cuerpo["token_type"] == "Bearer"
    assert cuerpo["scope"] == "opinion"
    assert cuerpo["expires_in"] == 300
    fila = TokenConvenio.objects.get()
    assert fila.huella == huella(cuerpo["access_token"]) != cuerpo["access_token"]
    assert fila.convenio == agencia.convenio
    assert 299 <= (fila.expira - timezone.now()).total_seconds() <= 300
    llamada = LlamadaConvenio.objects.get()
    assert (llamada.operacion, llamada.estado, llamada.convenio) == ("token", 200, agencia.convenio)


def test_por_kid_en_vez_de_x5c(client: Client, agencia: Agencia) -> None:
    """The certificate named by its number (`kid`) instead of carried (`x5c`)."""
    from buzon.convenios import jws

    kid = agencia.convenio.certificados.get().no_certificado
    reclamos = json.loads(base64.urlsafe_b64decode(agencia.asercion().split(".")[1] + "=="))
    assert (
        agencia.pedir_token(
            client, jws.firmar(agencia.patron.llave, reclamos, {"kid": kid})
        ).status_code
        == 200
    )
    reclamos["jti"] = "otro"
    sin = jws.firmar(agencia.patron.llave, reclamos, {})
    assert "kid" in str(_error(agencia.pedir_token(client, sin), "invalid_client", 401)["mensaje"])
    ajeno = jws.firmar(agencia.patron.llave, {**reclamos, "jti": "tercero"}, {"kid": "123"})
    _error(agencia.pedir_token(client, ajeno), "invalid_client", 401)


@pytest.mark.parametrize(
    ("reclamos", "sin"),
    [
        ({"aud": "https://otro.example/token"}, ()),
        ({"exp": int(timezone.now().timestamp()) - 60}, ()),
        ({"exp": int(timezone.now().timestamp()) + 3600}, ()),
        ({"iat": int(timezone.now().timestamp()) + 3600}, ()),
        ({"sub": "otro"}, ()),
        ({}, ("jti",)),
        ({}, ("exp",)),
        ({"exp": "mañana"}, ()),
    ],
    ids=[
        "aud",
        "exp-vencido",
        "exp-lejano",
        "iat-futuro",
        "sub",
        "sin-jti",
        "sin-exp",
        "exp-texto",
    ],
)
def test_reclamos_malos_son_invalid_client(
    client: Client, agencia: Agencia, reclamos: dict[str, object], sin: tuple[str, ...]
) -> None:
    _error(
        agencia.pedir_token(client, agencia.asercion(reclamos=reclamos, sin=sin)),
        "invalid_client",
        401,
    )
    assert not TokenConvenio.objects.exists()
    assert LlamadaConvenio.objects.get().error == "invalid_client"


def test_alg_none_y_hs256_se_rechazan(client: Client, agencia: Agencia) -> None:
    buena = agencia.asercion()
    _, reclamos, _ = buena.split(".")
    none = f"{_b64(json.dumps({'alg': 'none'}).encode())}.{reclamos}."
    assert "none" in str(
        _error(agencia.pedir_token(client, none), "invalid_client", 401)["mensaje"]
    )
    import hashlib
    import hmac

    cabeza = _b64(json.dumps({"alg": "HS256"}).encode())
    firma = hmac.new(agencia.patron.cer, f"{cabeza}.{reclamos}".encode(), hashlib.sha256).digest()
    hs = f"{cabeza}.{reclamos}.{_b64(firma)}"
    assert "HS256" in str(_error(agencia.pedir_token(client, hs), "invalid_client", 401)["mensaje"])


def test_firma_ajena_o_alterada(
    client: Client, agencia: Agencia, hacer_patron: Callable[..., Patron]
) -> None:
    buena = agencia.asercion()
    cabeza, reclamos, firma = buena.split(".")
    datos = json.loads(base64.urlsafe_b64decode(reclamos + "=="))
    datos["jti"] = "otro"
    alterada = f"{cabeza}.{_b64(json.dumps(datos).encode())}.{firma}"
    _error(agencia.pedir_token(client, alterada), "invalid_client", 401)
    # Signed by another key, presenting the agency's certificate.
    intruso = hacer_patron("XIQB891116QE4")
    from buzon.convenios import jws

    otra = jws.firmar(
        intruso.llave, datos, {"x5c": [base64.b64encode(agencia.patron.cer).decode()]}
    )
    assert "firma" in str(
        _error(agencia.pedir_token(client, otra), "invalid_client", 401)["mensaje"]
    )
    # Another certificate than the convenio's.
    propia = jws.firmar(intruso.llave, datos, {"x5c": [base64.b64encode(intruso.cer).decode()]})
    _error(agencia.pedir_token(client, propia), "invalid_client", 401)


@pytest.mark.parametrize(
    "texto",
    ["", "a.b", "a.b.c.d", "eyJhbGciOiJSUzI1NiJ9.e30=.YQ", "eyJhbGciOiJSUzI1NiJ9.e30.", "%%.%%.%%"],
)
def test_jws_mal_formado(client: Client, agencia: Agencia, texto: str) -> None:
    codigo = "invalid_request" if texto == "" else "invalid_client"
    _error(agencia.pedir_token(client, texto), codigo, 400 if texto == "" else 401)


def test_jti_repetido_se_rechaza(client: Client, agencia: Agencia) -> None:
    asercion = agencia.asercion()
    assert agencia.pedir_token(client, asercion).status_code == 200
    cuerpo = _error(agencia.pedir_token(client, asercion), "invalid_client", 401)
    assert "jti" in str(cuerpo["mensaje"])
    assert TokenConvenio.objects.count() == 1


def test_cliente_desconocido(client: Client, agencia: Agencia) -> None:
    asercion = agencia.asercion(reclamos={"iss": "desconocido", "sub": "desconocido"})
    _error(agencia.pedir_token(client, asercion), "invalid_client", 401)
    assert not LlamadaConvenio.objects.exists()  # no convenio to audit it under


def test_convenio_revocado_o_vencido_es_invalid_grant(
    client: Client, hacer_agencia: Callable[..., Agencia]
) -> None:
    vencido = hacer_agencia(
        vigente_desde=hoy() - timedelta(days=60), vigente_hasta=hoy() - timedelta(days=1)
    )
    cuerpo = _error(vencido.pedir_token(client), "invalid_grant", 400)
    assert "venció" in str(cuerpo["mensaje"])
    futuro = hacer_agencia(vigente_desde=hoy() + timedelta(days=1))
    assert "empieza" in str(_error(futuro.pedir_token(client), "invalid_grant", 400)["mensaje"])
    revocado = hacer_agencia()
    do_revocar_convenio(revocado.convenio, motivo="Terminó la colaboración", por="ROCA700101AB3")
    assert "revocado" in str(_error(revocado.pedir_token(client), "invalid_grant", 400)["mensaje"])


def test_parametros_de_oauth(client: Client, agencia: Agencia) -> None:
    _error(agencia.pedir_token(client, grant_type="password"), "unsupported_grant_type", 400)
    _error(agencia.pedir_token(client, scope="emisiones"), "invalid_scope", 400)
    _error(agencia.pedir_token(client, client_assertion_type="otro"), "invalid_request", 400)
    como_json = client.post(
        "/api/v1/convenios/token",
        {"grant_type": "client_credentials"},
        content_type="application/json",
    )
    _error(como_json, "invalid_request", 400)


def test_certificado_vencido_del_convenio(
    client: Client, hacer_agencia: Callable[..., Agencia], hacer_patron: Callable[..., Patron]
) -> None:
    """The certificate is checked again at token time: one that expired since the alta fails."""
    agencia = hacer_agencia()
    fila = agencia.convenio.certificados.get()
    ahora = timezone.now()
    vencido = hacer_patron(
        agencia.patron.rfc,
        tipo="csd",
        desde=ahora - timedelta(days=400),
        hasta=ahora - timedelta(days=1),
    )
    fila.der = vencido.cer
    fila.huella_sha256 = __import__("hashlib").sha256(vencido.cer).hexdigest()
    fila.save()
    asercion = agencia.asercion(encabezado={"x5c": [base64.b64encode(vencido.cer).decode()]})
    assert "venció" in str(
        _error(agencia.pedir_token(client, asercion), "invalid_client", 401)["mensaje"]
    )
