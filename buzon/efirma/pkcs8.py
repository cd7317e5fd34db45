"""Writing encrypted PKCS#8 the way SAT does (PBES2 + PBKDF2 + DES-EDE3-CBC), plus AES and PBES1.

`cryptography` writes only PBES2/AES-256 for PKCS#8, so the test PKI (`buzon pki`) and the test
fixtures build the other schemes here. Reading goes through `cryptography` (`llave.leer_llave`).
"""

from __future__ import annotations

import hashlib
import os
from typing import Literal

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from . import der

Esquema = Literal["pbes2-3des", "pbes2-aes128", "pbes2-aes256", "pbes1-3des"]
ESQUEMAS: tuple[Esquema, ...] = ("pbes2-3des", "pbes2-aes128", "pbes2-aes256", "pbes1-3des")

OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
OID_HMAC_SHA256 = "1.2.840.113549.2.9"
OID_DES_EDE3_CBC = "1.2.840.113549.3.7"
OID_AES128_CBC = "2.16.840.1.101.3.4.1.2"
OID_AES256_CBC = "2.16.840.1.101.3.4.1.42"
OID_PBE_SHA1_3DES = "1.2.840.113549.1.12.1.3"
ITERACIONES = 2048


def _cifrar(algoritmo: algorithms.AES | TripleDES, iv: bytes, claro: bytes) -> bytes:
    relleno = padding.PKCS7(algoritmo.block_size).padder()
    datos = relleno.update(claro) + relleno.finalize()
    cifrador = Cipher(algoritmo, modes.CBC(iv)).encryptor()
    return cifrador.update(datos) + cifrador.finalize()


def pkcs12_kdf(password: bytes, sal: bytes, iteraciones: int, ident: int, largo: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-1 (`password` already BMPString with its final NUL)."""
    v, u = 64, 20

    def extender(datos: bytes) -> bytes:
        if not datos:
            return b""
        total = v * ((len(datos) + v - 1) // v)
        return (datos * (total // len(datos) + 1))[:total]

    diversificador = bytes([ident]) * v
    entrada = extender(sal) + extender(password)
    salida = b""
    while len(salida) < largo:
        bloque = diversificador + entrada
        for _ in range(iteraciones):
            bloque = hashlib.sha1(bloque).digest()  # noqa: S324 (PKCS#12 KDF is SHA-1 by definition)
        salida += bloque
        b = int.from_bytes((bloque * (v // u + 1))[:v], "big")
        nueva = b""
        for j in range(0, len(entrada), v):
            valor = (int.from_bytes(entrada[j : j + v], "big") + b + 1) % (1 << (8 * v))
            nueva += valor.to_bytes(v, "big")
        entrada = nueva
    return salida[:largo]


def cifrar_llave(llave: rsa.RSAPrivateKey, password: str, esquema: Esquema = "pbes2-3des") -> bytes:
    """DER EncryptedPrivateKeyInfo of `llave`."""
    claro = llave.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    clave = password.encode("utf-8")
    sal = os.urandom(8 if esquema in ("pbes2-3des", "pbes1-3des") else 16)
    if esquema == "pbes1-3des":
        bmp = (password + "\0").encode("utf-16-be")
        k = pkcs12_kdf(bmp, sal, ITERACIONES, 1, 24)
        iv = pkcs12_kdf(bmp, sal, ITERACIONES, 2, 8)
        cifrado = _cifrar(TripleDES(k), iv, claro)
        algoritmo = der.secuencia(
            der.oid_der(OID_PBE_SHA1_3DES),
            der.secuencia(der.octetos(sal), der.entero_der(ITERACIONES)),
        )
        return der.secuencia(algoritmo, der.octetos(cifrado))
    if esquema == "pbes2-3des":
        largo, prf, oid_cifra = 24, None, OID_DES_EDE3_CBC
    elif esquema == "pbes2-aes128":
        largo, prf, oid_cifra = 16, OID_HMAC_SHA256, OID_AES128_CBC
    else:
        largo, prf, oid_cifra = 32, OID_HMAC_SHA256, OID_AES256_CBC
    hash_prf: hashes.HashAlgorithm = hashes.SHA256() if prf else hashes.SHA1()  # noqa: S303 (SAT default)
    k = PBKDF2HMAC(hash_prf, largo, sal, ITERACIONES).derive(clave)
    if esquema == "pbes2-3des":
        iv = os.urandom(8)
        cifrado = _cifrar(TripleDES(k), iv, claro)
    else:
        iv = os.urandom(16)
        cifrado = _cifrar(algorithms.AES(k), iv, claro)
    parametros_kdf = [der.octetos(sal), der.entero_der(ITERACIONES)]
    if prf:
        parametros_kdf.append(der.secuencia(der.oid_der(prf), der.nulo()))
    algoritmo = der.secuencia(
        der.oid_der(OID_PBES2),
        der.secuencia(
            der.secuencia(der.oid_der(OID_PBKDF2), der.secuencia(*parametros_kdf)),
            der.secuencia(der.oid_der(oid_cifra), der.octetos(iv)),
        ),
    )
    return der.secuencia(algoritmo, der.octetos(cifrado))


def a_pem(llave_der: bytes) -> bytes:
    import base64

    cuerpo = base64.encodebytes(llave_der)
    return (
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
        + cuerpo
        + b"-----END ENCRYPTED PRIVATE KEY-----\n"
    )
