"""A test PKI in SAT's layout, for tests and the demo (`buzon pki`). Never for real credentials.

A CA folder holds `ac.cer` (DER), `ac.key` (unencrypted PKCS#8 PEM: it is a test CA),
`emitidos.json` and `revocados.json` (serial in hex -> RFC / revocation instant). `responder_ocsp`
answers OCSP requests from that folder; `buzon pki ocsp` serves it on loopback.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from . import der
from .certificado import OID_X500_UNIQUE_ID, leer_certificado, valida_rfc
from .pkcs8 import Esquema, cifrar_llave

OID_X500 = ObjectIdentifier(OID_X500_UNIQUE_ID)
_PRINTABLE = re.compile(r"^[A-Za-z0-9 '()+,\-./:=?]*$")
Rareza = Literal["t61_latin1", "printable_utf8"]
PASSWORD_PRUEBAS = "12345678a"  # noqa: S105 (SAT's public test password, the PKI's default)


class ErrorPKI(ValueError):
    """Bad input for the test PKI; the message is Spanish for a person."""


@dataclass(frozen=True)
class AC:
    carpeta: Path
    certificado: x509.Certificate
    llave: rsa.RSAPrivateKey

    @property
    def der(self) -> bytes:
        return self.certificado.public_bytes(serialization.Encoding.DER)


def _escribir_atomico(ruta: Path, datos: bytes, modo: int = 0o644) -> None:
    descriptor, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(datos)
        os.chmod(temporal, modo)
        os.replace(temporal, ruta)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


def _leer_json(ruta: Path) -> dict[str, str]:
    if not ruta.exists():
        return {}
    try:
        datos = json.loads(ruta.read_text("utf-8"))
    except ValueError as exc:
        raise ErrorPKI(f"{ruta} está dañado: no es JSON válido.") from exc
    if not isinstance(datos, dict):
        raise ErrorPKI(f"{ruta} no tiene el formato esperado.")
    return {str(k): str(v) for k, v in datos.items()}


def _escribir_json(ruta: Path, datos: dict[str, str]) -> None:
    _escribir_atomico(ruta, json.dumps(datos, ensure_ascii=False, indent=1).encode("utf-8"))


def serie_sat() -> int:
    """A serial whose bytes are 20 ASCII digits, like SAT's *No. de certificado*."""
    digitos = "30001000" + f"{secrets.randbelow(10**12):012d}"
    return int.from_bytes(digitos.encode("ascii"), "big")


def crear_ac(
    carpeta: str | Path,
    *,
    nombre: str = "AC de pruebas del Buzón",
    bits: int = 2048,
    desde: datetime | None = None,
    hasta: datetime | None = None,
) -> AC:
    ruta = Path(carpeta)
    ruta.mkdir(parents=True, exist_ok=True)
    if (ruta / "ac.cer").exists():
        raise ErrorPKI(f"Ya existe una autoridad certificadora en {ruta}.")
    llave = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    inicio = desde or datetime.now(UTC) - timedelta(days=1)
    fin = hasta or inicio + timedelta(days=3650)
    sujeto = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, nombre),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Buzón (pruebas)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        ]
    )
    certificado = (
        x509.CertificateBuilder()
        .subject_name(sujeto)
        .issuer_name(sujeto)
        .public_key(llave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(inicio)
        .not_valid_after(fin)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(llave.public_key()), False)
        .sign(llave, hashes.SHA256())
    )
    _escribir_atomico(ruta / "ac.cer", certificado.public_bytes(serialization.Encoding.DER))
    _escribir_atomico(
        ruta / "ac.key",
        llave.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        0o600,
    )
    _escribir_json(ruta / "emitidos.json", {})
    _escribir_json(ruta / "revocados.json", {})
    return AC(ruta, certificado, llave)


def cargar_ac(carpeta: str | Path) -> AC:
    ruta = Path(carpeta)
    try:
        certificado = x509.load_der_x509_certificate((ruta / "ac.cer").read_bytes())
        llave = serialization.load_pem_private_key((ruta / "ac.key").read_bytes(), None)
    except (OSError, ValueError) as exc:
        raise ErrorPKI(
            f"{ruta} no contiene una autoridad certificadora (cree una con `buzon pki crear-ac`)."
        ) from exc
    if not isinstance(llave, rsa.RSAPrivateKey):
        raise ErrorPKI(f"La llave de {ruta} no es RSA.")
    return AC(ruta, certificado, llave)


def _rareza(cert_der: bytes, ac: AC, reemplazos: list[tuple[bytes, bytes, int]]) -> bytes:
    """Re-sign `cert_der` with each PrintableString marker replaced by (bytes, tag)."""
    partes = der.leer(cert_der).hijos()
    tbs = partes[0].crudo
    for marcador, real, etiqueta in reemplazos:
        antes = bytes([der.PRINTABLE_STRING, len(marcador)]) + marcador
        despues = bytes([etiqueta, len(real)]) + real
        if len(marcador) != len(real) or len(real) > 127 or tbs.count(antes) != 1:
            raise ErrorPKI("no se pudo aplicar la rareza del SAT")
        tbs = tbs.replace(antes, despues)
    firma = ac.llave.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    return der.secuencia(tbs, partes[1].crudo, der.tlv(der.BIT_STRING, b"\x00" + firma))


def emitir(
    ac: AC,
    *,
    rfc: str,
    nombre: str,
    curp: str | None = None,
    representante: tuple[str, str] | None = None,
    tipo: Literal["fiel", "csd"] = "fiel",
    password: str = PASSWORD_PRUEBAS,
    desde: datetime | None = None,
    hasta: datetime | None = None,
    esquema: Esquema = "pbes2-3des",
    llave: rsa.RSAPrivateKey | None = None,
    rareza: Rareza | None = None,
    registrar: bool = True,
) -> tuple[bytes, bytes]:
    """A certificate (DER) and its encrypted key (DER PKCS#8) in SAT's layout."""
    rfc = rfc.strip().upper()
    if not valida_rfc(rfc):
        raise ErrorPKI(f"«{rfc}» no es un RFC válido (ejemplo: AAA010101AAA o XIQB891116QE4).")
    moral = len(rfc) == 12
    if representante is not None and not valida_rfc(representante[0]):
        raise ErrorPKI(f"«{representante[0]}» no es un RFC de representante válido.")
    if moral and representante is None:
        raise ErrorPKI("Una persona moral necesita --representante RFC/CURP.")
    llave = llave or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    inicio = desde or datetime.now(UTC) - timedelta(hours=1)
    fin = hasta or inicio + timedelta(days=4 * 365)
    reemplazos: list[tuple[bytes, bytes, int]] = []

    def atributo(
        oid: ObjectIdentifier, valor: str, rareza_propia: Rareza | None
    ) -> x509.NameAttribute[str]:
        """PrintableString when it fits; otherwise SAT's quirks, or UTF8String."""
        if rareza_propia is None and _PRINTABLE.match(valor):
            return x509.NameAttribute(oid, valor, _type=_ASN1Type.PrintableString)
        if rareza_propia is None and oid in (OID_X500, NameOID.SERIAL_NUMBER):
            rareza_propia = "printable_utf8"  # what SAT does with Ñ and & in RFCs
        if rareza_propia is None:
            return x509.NameAttribute(oid, valor, _type=_ASN1Type.UTF8String)
        if rareza_propia == "t61_latin1":
            real, etiqueta = valor.encode("latin-1"), der.T61_STRING
        else:
            real, etiqueta = valor.encode("utf-8"), der.PRINTABLE_STRING
        marcador = "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in real)
        reemplazos.append((marcador.encode("ascii"), real, etiqueta))
        return x509.NameAttribute(oid, marcador, _type=_ASN1Type.PrintableString)

    if representante is not None and moral:
        unico = f"{rfc} / {representante[0]}"
        serie_curp = f" / {representante[1]}"
    else:
        unico = rfc
        serie_curp = curp or ""
    atributos = [
        atributo(NameOID.COMMON_NAME, nombre, rareza),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "MX"),
        x509.NameAttribute(NameOID.EMAIL_ADDRESS, "pruebas@buzon.invalid"),
        atributo(OID_X500, unico, None),
    ]
    if serie_curp:
        atributos.append(atributo(NameOID.SERIAL_NUMBER, serie_curp, None))
    if tipo == "csd":
        atributos.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Sucursal 1"))
    constructor = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(atributos))
        .issuer_name(ac.certificado.subject)
        .public_key(llave.public_key())
        .serial_number(serie_sat())
        .not_valid_before(inicio)
        .not_valid_after(fin)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=tipo == "fiel",
                key_agreement=tipo == "fiel",
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=False,
        )
    )
    if tipo == "fiel":
        constructor = constructor.add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
    certificado = constructor.sign(ac.llave, hashes.SHA256())
    cert_der = certificado.public_bytes(serialization.Encoding.DER)
    if reemplazos:
        cert_der = _rareza(cert_der, ac, reemplazos)
    if registrar:
        emitidos = _leer_json(ac.carpeta / "emitidos.json")
        emitidos[f"{certificado.serial_number:x}"] = rfc
        _escribir_json(ac.carpeta / "emitidos.json", emitidos)
    return cert_der, cifrar_llave(llave, password, esquema)


def escribir_credencial(salida: str | Path, rfc: str, cer: bytes, key: bytes) -> tuple[Path, Path]:
    """`<RFC>.cer` and `<RFC>.key` in `salida`; the RFC is validated so it is a safe file name."""
    if not valida_rfc(rfc):
        raise ErrorPKI(f"«{rfc}» no es un RFC válido.")
    carpeta = Path(salida)
    carpeta.mkdir(parents=True, exist_ok=True)
    ruta_cer = carpeta / f"{rfc}.cer"
    ruta_key = carpeta / f"{rfc}.key"
    _escribir_atomico(ruta_cer, cer)
    _escribir_atomico(ruta_key, key, 0o600)
    return ruta_cer, ruta_key


def revocar(ac: AC, certificado: bytes | int, instante: datetime | None = None) -> int:
    """Mark a certificate (its DER, or its serial) as revoked; returns the serial."""
    if isinstance(certificado, int):
        serie = certificado
    else:
        cert = leer_certificado(certificado)
        if cert.emisor_der != leer_certificado(ac.der).sujeto_der:
            raise ErrorPKI("Ese certificado no lo emitió esta autoridad certificadora.")
        serie = cert.serie
    cuando = instante or datetime.now(UTC)
    revocados = _leer_json(ac.carpeta / "revocados.json")
    revocados[f"{serie:x}"] = cuando.astimezone(UTC).isoformat()
    _escribir_json(ac.carpeta / "revocados.json", revocados)
    return serie


def responder_ocsp(ac: AC, peticion: bytes, ahora: datetime | None = None) -> bytes:
    """DER OCSP response to `peticion`, signed by the CA itself; echoes the nonce."""
    instante = (ahora or datetime.now(UTC)).replace(microsecond=0)
    try:
        consulta = ocsp.load_der_ocsp_request(peticion)
    except ValueError:
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.MALFORMED_REQUEST
        ).public_bytes(serialization.Encoding.DER)
    algoritmo = consulta.hash_algorithm
    nombre_ac = ac.certificado.subject.public_bytes()
    bits_ac = der.bits(
        der.leer(
            ac.certificado.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        ).hijos()[1]
    )
    propio = hashes.Hash(type(algoritmo)())
    propio.update(bits_ac)
    nombre = hashes.Hash(type(algoritmo)())
    nombre.update(nombre_ac)
    if consulta.issuer_key_hash != propio.finalize() or consulta.issuer_name_hash != (
        nombre.finalize()
    ):
        return ocsp.OCSPResponseBuilder.build_unsuccessful(
            ocsp.OCSPResponseStatus.UNAUTHORIZED
        ).public_bytes(serialization.Encoding.DER)
    clave = f"{consulta.serial_number:x}"
    revocados = _leer_json(ac.carpeta / "revocados.json")
    emitidos = _leer_json(ac.carpeta / "emitidos.json")
    revocado_en: datetime | None = None
    if clave in revocados:
        estado = ocsp.OCSPCertStatus.REVOKED
        revocado_en = datetime.fromisoformat(revocados[clave]).replace(microsecond=0)
    elif clave in emitidos:
        estado = ocsp.OCSPCertStatus.GOOD
    else:
        estado = ocsp.OCSPCertStatus.UNKNOWN
    constructor = (
        ocsp.OCSPResponseBuilder()
        .add_response_by_hash(
            consulta.issuer_name_hash,
            consulta.issuer_key_hash,
            consulta.serial_number,
            algoritmo,
            estado,
            instante,
            instante + timedelta(hours=1),
            revocado_en,
            None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, ac.certificado)
    )
    try:
        nonce = consulta.extensions.get_extension_for_class(x509.OCSPNonce).value
        constructor = constructor.add_extension(nonce, critical=False)
    except x509.ExtensionNotFound:
        pass
    return constructor.sign(ac.llave, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
