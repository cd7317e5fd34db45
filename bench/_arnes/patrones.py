"""Employers with e.firma for the HTTP benchmarks, and the client's side of a login.

A test CA whose certificate alone is the trust folder (`carpeta/confianza`, `BUZON_CONFIANZA`, so
the issuer check runs); the employers share a few RSA-2048 keys round-robin (the signing cost is
the same) and are kept in memory."""

from __future__ import annotations

import base64
import http.client
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

if TYPE_CHECKING:
    from django.test import Client

LLAVES_DISTINTAS = 8


@dataclass(frozen=True)
class Patron:
    rfc: str
    cer_b64: str
    llave: rsa.RSAPrivateKey


class ErrorDeRespuesta(RuntimeError):
    """The server answered something other than what a complete operation gets."""


def rfc_de_prueba(inicial: str, i: int) -> str:
    """A valid-looking RFC of a persona física starting with `inicial`, distinct per i."""
    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    dia = datetime(1950, 1, 1, tzinfo=UTC) + timedelta(days=i)
    iniciales = f"{inicial}{letras[i % 26]}{letras[i // 26 % 26]}Z"
    return f"{iniciales}{dia:%y%m%d}{letras[i % 7]}{i % 10}{i % 9}"


def emitir_patrones(carpeta: Path, rfcs: Sequence[str]) -> list[Patron]:
    """A test CA in `carpeta/ac`, its certificate as the trust folder `carpeta/confianza`, and one
    FIEL certificate (valid from yesterday for a year) per RFC."""
    from buzon.efirma.pki import crear_ac, emitir

    ac = crear_ac(carpeta / "ac")
    confianza = carpeta / "confianza"
    confianza.mkdir()
    shutil.copy(carpeta / "ac" / "ac.cer", confianza / "ac.cer")  # the certificate, not the key
    llaves = [
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for _ in range(LLAVES_DISTINTAS)
    ]
    ahora = datetime.now(UTC)
    patrones = []
    for i, rfc in enumerate(rfcs):
        llave = llaves[i % len(llaves)]
        cer, _ = emitir(
            ac,
            rfc=rfc,
            nombre=f"PATRON DE PRUEBA {i}",
            curp=f"{rfc[:10]}HDFRRN{i % 10}{i % 7}",
            desde=ahora - timedelta(days=1),
            hasta=ahora + timedelta(days=365),
            llave=llave,
            registrar=False,
        )
        patrones.append(Patron(rfc, base64.b64encode(cer).decode("ascii"), llave))
    return patrones


def firmar(llave: rsa.RSAPrivateKey, texto: str) -> str:
    """The client's e.firma signature (RSASSA-PKCS1-v1_5 / SHA-256) of `texto`, in base64."""
    firma = llave.sign(texto.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(firma).decode("ascii")


def post_json(
    conexion: http.client.HTTPConnection, ruta: str, cuerpo: bytes, token: str | None = None
) -> dict[str, Any]:
    """POST `cuerpo` (JSON) to `ruta`; the answer's JSON, or ErrorDeRespuesta unless 201."""
    cabeceras = {"Content-Type": "application/json"}
    if token:
        cabeceras["Authorization"] = f"Bearer {token}"
    conexion.request("POST", ruta, body=cuerpo, headers=cabeceras)
    respuesta = conexion.getresponse()
    datos = respuesta.read()
    if respuesta.status != 201:
        raise ErrorDeRespuesta(f"{ruta}: {respuesta.status} {datos[:300]!r}")
    resultado: dict[str, Any] = json.loads(datos)
    return resultado


def _cuerpo_de_sesion(patron: Patron, reto: str) -> dict[str, str]:
    return {"certificado": patron.cer_b64, "reto": reto, "firma": firmar(patron.llave, reto)}


def _token(ruta: str, respuesta: dict[str, Any]) -> str:
    token = respuesta.get("token")
    if not token:
        raise ErrorDeRespuesta(f"{ruta}: 201 sin token")
    return str(token)


def entrar(conexion: http.client.HTTPConnection, patron: Patron) -> str:
    """A complete login over HTTP: reto (201), sign it, session (201); the token."""
    reto = str(post_json(conexion, "/api/v1/sesiones/reto", b"")["reto"])
    cuerpo = json.dumps(_cuerpo_de_sesion(patron, reto)).encode("utf-8")
    return _token("/api/v1/sesiones", post_json(conexion, "/api/v1/sesiones", cuerpo))


def post_prueba(
    cliente: Client,
    ruta: str,
    cuerpo: dict[str, Any] | bytes,
    token: str | None = None,
    direccion: str | None = None,
) -> dict[str, Any]:
    """`post_json` through Django's test client (same code path, no HTTP or gunicorn);
    `direccion` is the client's address (REMOTE_ADDR) when given."""
    cabeceras = {"Authorization": f"Bearer {token}"} if token else {}
    extra: dict[str, Any] = {"REMOTE_ADDR": direccion} if direccion else {}
    respuesta = cliente.post(
        ruta, cuerpo, content_type="application/json", headers=cabeceras, **extra
    )
    if respuesta.status_code != 201:
        raise ErrorDeRespuesta(f"{ruta}: {respuesta.status_code} {respuesta.content[:300]!r}")
    resultado: dict[str, Any] = respuesta.json()
    return resultado


def entrar_prueba(cliente: Client, patron: Patron, direccion: str | None = None) -> str:
    """`entrar` through Django's test client."""
    reto = str(post_prueba(cliente, "/api/v1/sesiones/reto", b"", direccion=direccion)["reto"])
    cuerpo = _cuerpo_de_sesion(patron, reto)
    respuesta = post_prueba(cliente, "/api/v1/sesiones", cuerpo, direccion=direccion)
    return _token("/api/v1/sesiones", respuesta)
