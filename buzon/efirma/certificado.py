"""Reading X.509 certificates in SAT's layout.

Metadata comes from our tolerant DER reader (`der`), because real SAT certificates hold strings that
strict parsers refuse. The original DER bytes are kept for every cryptographic use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from buzon.legal.zonas import ZONA_CENTRO

from . import der
from .errores import ARCHIVO_INVALIDO, ErrorEfirma

OID_CN = "2.5.4.3"
OID_SERIAL_NUMBER = "2.5.4.5"
OID_C = "2.5.4.6"
OID_O = "2.5.4.10"
OID_OU = "2.5.4.11"
OID_NAME = "2.5.4.41"
OID_X500_UNIQUE_ID = "2.5.4.45"
OID_EMAIL = "1.2.840.113549.1.9.1"
OID_KEY_USAGE = "2.5.29.15"
OID_BASIC_CONSTRAINTS = "2.5.29.19"
OID_EXT_KEY_USAGE = "2.5.29.37"
OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2"
OID_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4"
OID_RSA = "1.2.840.113549.1.1.1"

# signatureAlgorithm OIDs (RSASSA-PKCS1-v1_5) -> hash
ALGORITMOS_FIRMA: dict[str, type[hashes.HashAlgorithm]] = {
    "1.2.840.113549.1.1.5": hashes.SHA1,
    "1.2.840.113549.1.1.11": hashes.SHA256,
    "1.2.840.113549.1.1.12": hashes.SHA384,
    "1.2.840.113549.1.1.13": hashes.SHA512,
}

# keyUsage bits (RFC 5280 §4.2.1.3), numbered from the most significant bit of the first byte.
USOS = (
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
)

RFC_PATRON = re.compile(r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$")

Tipo = Literal["FIEL", "CSD"]
Persona = Literal["fisica", "moral"]

_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.DOTALL)


def _invalido(detalle: str) -> ErrorEfirma:
    return ErrorEfirma(
        ARCHIVO_INVALIDO,
        f"El archivo no es un certificado X.509 válido ({detalle}). "
        "Elija el archivo .cer que le entregó el SAT.",
        "certificado",
    )


@dataclass(frozen=True)
class Certificado:
    """A certificate read tolerantly. `der` holds the exact bytes received."""

    der: bytes
    tbs: bytes
    algoritmo_firma: str
    firma_emisor: bytes
    serie: int
    serie_der: bytes
    emisor_der: bytes
    sujeto_der: bytes
    spki_der: bytes
    valido_desde: datetime
    valido_hasta: datetime
    sujeto: tuple[tuple[str, str], ...]
    usos: frozenset[str]
    usos_extendidos: frozenset[str]
    es_ac: bool
    _llave: rsa.RSAPublicKey = field(repr=False, compare=False)

    # ----------------------------------------------------------- identity

    def atributo(self, oid: str) -> str | None:
        for clave, valor in self.sujeto:
            if clave == oid:
                return valor
        return None

    @property
    def llave_publica(self) -> rsa.RSAPublicKey:
        return self._llave

    @cached_property
    def _rfcs(self) -> tuple[str, str | None]:
        valor = self.atributo(OID_X500_UNIQUE_ID) or ""
        partes = [p.strip().upper() for p in valor.split("/")]
        return partes[0], (partes[1] or None) if len(partes) > 1 else None

    @cached_property
    def _curps(self) -> tuple[str | None, str | None]:
        valor = self.atributo(OID_SERIAL_NUMBER) or ""
        partes = [p.strip().upper() for p in valor.split("/")]
        propia = partes[0] or None
        representante = (partes[1] or None) if len(partes) > 1 else None
        return propia, representante

    @property
    def rfc(self) -> str:
        return self._rfcs[0]

    @property
    def rfc_representante(self) -> str | None:
        return self._rfcs[1]

    @property
    def curp(self) -> str | None:
        return self._curps[0]

    @property
    def curp_representante(self) -> str | None:
        return self._curps[1]

    @property
    def persona(self) -> Persona:
        """Moral RFCs have 12 characters (3 letters), física RFCs 13 (4 letters)."""
        return "moral" if len(self.rfc) == 12 else "fisica"

    @property
    def nombre(self) -> str:
        return self.atributo(OID_NAME) or self.atributo(OID_CN) or self.atributo(OID_O) or ""

    @cached_property
    def emisor_atributos(self) -> tuple[tuple[str, str], ...]:
        """The issuer's attributes, read on demand (only for display: trust compares raw bytes)."""
        try:
            return _nombre(der.leer(self.emisor_der))
        except (der.ErrorDER, IndexError, ValueError):
            return ()

    @property
    def emisor(self) -> str:
        for oid in (OID_CN, OID_O):
            for clave, valor in self.emisor_atributos:
                if clave == oid:
                    return valor
        return ""

    @property
    def no_certificado(self) -> str:
        """SAT's certificate number: the serial's bytes read as ASCII digits (20 of them)."""
        if self.serie < 0:  # not allowed by RFC 5280, but not ours to crash on
            return str(self.serie)
        crudo = self.serie.to_bytes(max(1, (self.serie.bit_length() + 7) // 8), "big")
        if crudo.isdigit():
            return crudo.decode("ascii")
        return str(self.serie)

    @property
    def tipo(self) -> Tipo:
        """FIEL (e.firma) or CSD (seal), from keyUsage, extendedKeyUsage and OU.

        SAT's CSD has an OU (the branch) and only digitalSignature + nonRepudiation. An e.firma
        has no OU, both those usages, and either a further usage (dataEncipherment, keyAgreement)
        or the clientAuth / emailProtection purposes. Anything else is not an e.firma.
        """
        firma = {"digitalSignature", "nonRepudiation"} <= self.usos
        extra = bool(self.usos & {"dataEncipherment", "keyAgreement"}) or bool(
            self.usos_extendidos & {OID_CLIENT_AUTH, OID_EMAIL_PROTECTION}
        )
        if self.atributo(OID_OU) is None and firma and extra and not self.es_ac:
            return "FIEL"
        return "CSD"

    @cached_property
    def llave_publica_bits(self) -> bytes:
        """The subjectPublicKey BIT STRING's bytes (what OCSP's issuerKeyHash hashes)."""
        return der.bits(der.leer(self.spki_der).hijos()[1])

    @property
    def huella_sha256(self) -> str:
        return hashlib.sha256(self.der).hexdigest()

    def identidad(self) -> dict[str, str | None]:
        """The JSON shape of `buzon efirma inspeccionar` (contract)."""
        return {
            "tipo": self.tipo,
            "persona": self.persona,
            "rfc": self.rfc,
            "curp": self.curp if self.persona == "fisica" else None,
            "rfc_representante": self.rfc_representante if self.persona == "moral" else None,
            "curp_representante": self.curp_representante if self.persona == "moral" else None,
            "nombre": self.nombre,
            "no_certificado": self.no_certificado,
            "valido_desde": self.valido_desde.astimezone(ZONA_CENTRO).isoformat(),
            "valido_hasta": self.valido_hasta.astimezone(ZONA_CENTRO).isoformat(),
            "emisor": self.emisor,
        }

    # ----------------------------------------------------------- crypto

    def verificar(self, firma: bytes, datos: bytes) -> bool:
        """RSASSA-PKCS1-v1_5 / SHA-256 over `datos` with this certificate's key."""
        try:
            self._llave.verify(firma, datos, padding.PKCS1v15(), hashes.SHA256())
        except Exception:
            return False
        return True

    def emitido_por(self, ac: Certificado) -> bool:
        """Whether `ac`'s key signed this certificate (and names match)."""
        if self.emisor_der != ac.sujeto_der:
            return False
        algoritmo = ALGORITMOS_FIRMA.get(self.algoritmo_firma)
        if algoritmo is None:
            return False
        try:
            ac.llave_publica.verify(self.firma_emisor, self.tbs, padding.PKCS1v15(), algoritmo())
        except Exception:
            return False
        return True

    @property
    def pem(self) -> str:
        cuerpo = base64.encodebytes(self.der).decode("ascii")
        return f"-----BEGIN CERTIFICATE-----\n{cuerpo}-----END CERTIFICATE-----\n"


def _nombre(nodo: der.Nodo) -> tuple[tuple[str, str], ...]:
    atributos = []
    for rdn in nodo.esperar(der.SEQUENCE).hijos():
        for atv in rdn.esperar(der.SET).hijos():
            partes = atv.esperar(der.SEQUENCE).hijos()
            if len(partes) != 2:
                raise der.ErrorDER("atributo de nombre mal formado")
            atributos.append((der.oid_texto(partes[0]), der.texto(partes[1])))
    return tuple(atributos)


def _usos(valor: bytes) -> frozenset[str]:
    contenido = der.bits(der.leer(valor))
    activos = set()
    for i, nombre in enumerate(USOS):
        byte, bit = divmod(i, 8)
        if byte < len(contenido) and contenido[byte] & (0x80 >> bit):
            activos.add(nombre)
    return frozenset(activos)


def _desde_der(datos: bytes) -> Certificado:
    raiz = der.leer(datos).esperar(der.SEQUENCE).hijos()
    if len(raiz) != 3:
        raise der.ErrorDER("un certificado tiene tres partes")
    tbs_nodo, alg_nodo, firma_nodo = raiz
    campos = tbs_nodo.esperar(der.SEQUENCE).hijos()
    if campos and campos[0].tag == 0xA0:
        campos = campos[1:]
    if len(campos) < 6:
        raise der.ErrorDER("faltan campos en el certificado")
    serie_nodo, _alg_interno, emisor_nodo, validez_nodo, sujeto_nodo, spki_nodo = campos[:6]
    validez = validez_nodo.esperar(der.SEQUENCE).hijos()
    if len(validez) != 2:
        raise der.ErrorDER("validez mal formada")
    alg = alg_nodo.esperar(der.SEQUENCE).hijos()
    if not alg:
        raise der.ErrorDER("algoritmo de firma vacío")
    usos: frozenset[str] = frozenset()
    usos_ext: frozenset[str] = frozenset()
    es_ac = False
    for extra in campos[6:]:
        if extra.tag != 0xA3:
            continue
        for ext in der.leer(extra.contenido).esperar(der.SEQUENCE).hijos():
            partes = ext.esperar(der.SEQUENCE).hijos()
            if len(partes) not in (2, 3):
                raise der.ErrorDER("extensión mal formada")
            oid = der.oid_texto(partes[0])
            valor = partes[-1].esperar(der.OCTET_STRING).contenido
            if oid == OID_KEY_USAGE:
                usos = _usos(valor)
            elif oid == OID_EXT_KEY_USAGE:
                usos_ext = frozenset(
                    der.oid_texto(n) for n in der.leer(valor).esperar(der.SEQUENCE).hijos()
                )
            elif oid == OID_BASIC_CONSTRAINTS:
                bc = der.leer(valor).esperar(der.SEQUENCE).hijos()
                es_ac = bool(bc) and bc[0].tag == der.BOOLEAN and bc[0].contenido != b"\x00"
    spki_nodo.esperar(der.SEQUENCE)
    try:
        llave = load_der_public_key(spki_nodo.crudo)
    except Exception as exc:
        raise der.ErrorDER("llave pública ilegible") from exc
    if not isinstance(llave, rsa.RSAPublicKey):
        raise der.ErrorDER("la llave pública no es RSA")
    return Certificado(
        der=datos,
        tbs=tbs_nodo.crudo,
        algoritmo_firma=der.oid_texto(alg[0]),
        firma_emisor=der.bits(firma_nodo),
        serie=der.entero(serie_nodo),
        serie_der=serie_nodo.crudo,
        emisor_der=emisor_nodo.esperar(der.SEQUENCE).crudo,
        sujeto_der=sujeto_nodo.esperar(der.SEQUENCE).crudo,
        spki_der=spki_nodo.crudo,
        valido_desde=der.instante(validez[0]),
        valido_hasta=der.instante(validez[1]),
        sujeto=_nombre(sujeto_nodo),
        usos=usos,
        usos_extendidos=usos_ext,
        es_ac=es_ac,
        _llave=llave,
    )


def leer_certificado(datos: bytes) -> Certificado:
    """A certificate in DER or PEM. Anything else raises `archivo_invalido`."""
    if not isinstance(datos, bytes | bytearray | memoryview):
        raise _invalido("no son bytes")
    datos = bytes(datos)
    pem = _PEM.search(datos)
    if pem:
        try:
            datos = base64.b64decode(b"".join(pem.group(1).split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise _invalido("PEM con base64 inválido") from exc
    return _leer_der(datos)


@lru_cache(maxsize=2048)
def _leer_der(datos: bytes) -> Certificado:
    """Parsing is deterministic and `Certificado` immutable, so repeated logins reuse the result."""
    try:
        return _desde_der(datos)
    except (der.ErrorDER, IndexError, ValueError) as exc:
        raise _invalido(str(exc) or type(exc).__name__) from exc


def leer_varios(datos: bytes) -> list[Certificado]:
    """Every certificate in a file: one DER, or one or more PEM blocks."""
    bloques = _PEM.findall(datos)
    if not bloques:
        return [leer_certificado(datos)]
    return [
        leer_certificado(b"-----BEGIN CERTIFICATE-----" + b + b"-----END CERTIFICATE-----")
        for b in bloques
    ]


def valida_rfc(rfc: str) -> bool:
    return bool(RFC_PATRON.match(rfc))
