"""Client assertions: compact JWS (RFC 7515 §7.1) signed RS256, with RFC 7523 §3's claims.

Pure (no Django): parsing and checks over `cryptography`, each failure an `ErrorAsercion` with a
Spanish message and the OAuth error code (RFC 6749 §5.2) it answers. Only RS256 (RSASSA-PKCS1-v1_5
with SHA-256, RFC 7518 §3.3) is accepted: `none`, HS256 (which would turn the public key into an
HMAC secret) and every other `alg` are refused before anything else is read. Base64url is decoded
strictly: the URL-safe alphabet, no padding, no whitespace (RFC 7515 §2, Appendix C).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

#: An assertion longer than this is refused unread (a certificate chain fits in a few KB).
MAXIMO_ASERCION = 16 * 1024
#: The most an assertion may live (`exp` at most this far ahead of now), as Maskinporten.
VIDA_MAXIMA = 120
#: Clock difference tolerated between the agency and the Buzón, in seconds.
TOLERANCIA = 10

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_RECLAMOS = ("iss", "sub", "aud", "exp", "iat", "jti")


class ErrorAsercion(Exception):
    """A refused assertion: OAuth code, Spanish message."""

    def __init__(self, codigo: str, mensaje: str) -> None:
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje


def _cliente_invalido(mensaje: str) -> ErrorAsercion:
    return ErrorAsercion("invalid_client", mensaje)


def b64url(parte: str, que: str) -> bytes:
    """One base64url segment without padding, decoded strictly."""
    if not _B64URL.match(parte) or len(parte) % 4 == 1:
        raise _cliente_invalido(
            f"La aserción no es un JWS compacto: {que} no está en base64url sin relleno."
        )
    try:
        return base64.urlsafe_b64decode(parte + "=" * (-len(parte) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - the pattern excludes it
        raise _cliente_invalido(f"La aserción no es un JWS compacto: {que} no se lee.") from exc


def _objeto_json(crudo: bytes, que: str) -> dict[str, Any]:
    try:
        valor = json.loads(crudo.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _cliente_invalido(f"La aserción no es un JWS compacto: {que} no es JSON.") from exc
    if not isinstance(valor, dict):
        raise _cliente_invalido(f"La aserción no es un JWS compacto: {que} no es un objeto JSON.")
    return valor


@dataclass(frozen=True)
class Asercion:
    encabezado: Mapping[str, Any]
    reclamos: Mapping[str, Any]
    #: The signing input: ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
    firmado: bytes
    firma: bytes

    @property
    def emisor(self) -> str:
        iss = self.reclamos.get("iss")
        return iss if isinstance(iss, str) else ""

    @property
    def kid(self) -> str | None:
        kid = self.encabezado.get("kid")
        return kid if isinstance(kid, str) and kid else None

    @property
    def x5c(self) -> bytes | None:
        """The first certificate of `x5c` (DER; RFC 7515 §4.1.6: standard base64, not url)."""
        cadena = self.encabezado.get("x5c")
        if cadena is None:
            return None
        if not isinstance(cadena, list) or not cadena or not isinstance(cadena[0], str):
            raise _cliente_invalido(
                "El encabezado «x5c» debe ser una lista de certificados en base64 (el primero, "
                "el de la dependencia)."
            )
        try:
            return base64.b64decode(cadena[0], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _cliente_invalido(
                "El primer certificado de «x5c» no está en base64 estándar."
            ) from exc


def leer(texto: str) -> Asercion:
    """Parse a compact JWS and refuse any `alg` other than RS256 (and any `crit`)."""
    if len(texto) > MAXIMO_ASERCION:
        raise _cliente_invalido(f"La aserción pasa de {MAXIMO_ASERCION} caracteres.")
    partes = texto.strip().split(".")
    if len(partes) != 3:
        raise _cliente_invalido(
            "La aserción no es un JWS compacto: deben ser tres partes separadas por punto "
            "(encabezado.reclamos.firma)."
        )
    encabezado = _objeto_json(b64url(partes[0], "el encabezado"), "el encabezado")
    alg = encabezado.get("alg")
    if alg != "RS256":
        raise _cliente_invalido(
            f"El algoritmo «{alg}» no se acepta: firme la aserción con RS256 (RSA PKCS#1 v1.5 "
            "y SHA-256) con la llave del certificado institucional."
        )
    if "crit" in encabezado:
        raise _cliente_invalido("La aserción pide extensiones críticas («crit») que no se usan.")
    reclamos = _objeto_json(b64url(partes[1], "los reclamos"), "los reclamos")
    firma = b64url(partes[2], "la firma")
    if not firma:
        raise _cliente_invalido("La aserción no está firmada.")
    firmado = f"{partes[0]}.{partes[1]}".encode("ascii")
    return Asercion(encabezado, reclamos, firmado, firma)


def verificar_firma(asercion: Asercion, llave: rsa.RSAPublicKey) -> None:
    try:
        llave.verify(asercion.firma, asercion.firmado, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise _cliente_invalido(
            "La firma de la aserción no corresponde al certificado de la dependencia: fírmela "
            "con la llave privada de ese certificado."
        ) from None


def _entero(reclamos: Mapping[str, Any], nombre: str) -> int:
    valor = reclamos.get(nombre)
    if isinstance(valor, bool) or not isinstance(valor, int | float):
        raise _cliente_invalido(
            f"El reclamo «{nombre}» debe ser un instante en segundos desde 1970 (NumericDate)."
        )
    return int(valor)


def comprobar_reclamos(
    asercion: Asercion, *, cliente: str, audiencia: str, ahora: int
) -> tuple[str, int]:
    """iss = sub = the client id, aud names the token endpoint, iat/exp within the window, a jti.

    Returns (jti, exp)."""
    reclamos = asercion.reclamos
    faltan = [nombre for nombre in _RECLAMOS if nombre not in reclamos]
    if faltan:
        raise _cliente_invalido(
            f"Faltan reclamos en la aserción: {', '.join(faltan)} (RFC 7523, sección 3)."
        )
    if reclamos["iss"] != cliente or reclamos["sub"] != cliente:
        raise _cliente_invalido(
            "Los reclamos «iss» y «sub» deben ser el identificador de cliente del convenio."
        )
    aud = reclamos["aud"]
    audiencias = aud if isinstance(aud, list) else [aud]
    if audiencia not in audiencias:
        raise _cliente_invalido(
            f"El reclamo «aud» debe ser la dirección del servicio de tokens: {audiencia}."
        )
    exp = _entero(reclamos, "exp")
    iat = _entero(reclamos, "iat")
    if exp <= ahora - TOLERANCIA:
        raise _cliente_invalido("La aserción ya venció («exp»): genere una nueva.")
    if exp > ahora + VIDA_MAXIMA + TOLERANCIA or exp - iat > VIDA_MAXIMA:
        raise _cliente_invalido(
            f"La aserción vive demasiado: «exp» debe ser a lo más {VIDA_MAXIMA} segundos "
            "después de «iat» y de ahora."
        )
    if iat > ahora + TOLERANCIA:
        raise _cliente_invalido("La aserción dice emitirse en el futuro («iat»): revise su reloj.")
    nbf = reclamos.get("nbf")
    if nbf is not None and _entero(reclamos, "nbf") > ahora + TOLERANCIA:
        raise _cliente_invalido("La aserción aún no es válida («nbf»).")
    jti = reclamos["jti"]
    if not isinstance(jti, str) or not 1 <= len(jti) <= 200:
        raise _cliente_invalido(
            "El reclamo «jti» debe ser un texto único por aserción de 1 a 200 caracteres."
        )
    return jti, exp


def firmar(
    llave: rsa.RSAPrivateKey, reclamos: Mapping[str, Any], encabezado: Mapping[str, Any]
) -> str:
    """An RS256 compact JWS (for agencies' clients, tests and the benchmark)."""

    def parte(datos: Mapping[str, Any]) -> str:
        crudo = json.dumps(dict(datos), separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(crudo).rstrip(b"=").decode("ascii")

    entrada = f"{parte({**encabezado, 'alg': 'RS256'})}.{parte(reclamos)}"
    firma = llave.sign(entrada.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{entrada}.{base64.urlsafe_b64encode(firma).rstrip(b'=').decode('ascii')}"
