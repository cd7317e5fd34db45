"""Revocation by OCSP against a configured responder (SAT certificates carry no OCSP URL).

Requests carry a nonce; answers must be signed by the issuer (or a responder it delegated), echo the
nonce and name our certificate. Good answers are cached for a bounded time; every answer's DER is
kept as evidence. When the responder cannot be reached or answers nonsense we fail closed.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID

from .certificado import Certificado, leer_certificado
from .errores import REVOCACION_NO_VERIFICABLE, REVOCADO, ErrorEfirma, fecha_legible

Transporte = Callable[[str, bytes, float], bytes]
OID_OCSP_SIGNING = ExtendedKeyUsageOID.OCSP_SIGNING.dotted_string
MARGEN_RELOJ = timedelta(minutes=5)


def transporte_http(url: str, cuerpo: bytes, espera: float) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise OSError(f"URL de OCSP no admitida: {url}")
    peticion = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=cuerpo,
        headers={"Content-Type": "application/ocsp-request", "Accept": "application/ocsp-response"},
        method="POST",
    )
    with urllib.request.urlopen(peticion, timeout=espera) as respuesta:  # noqa: S310
        datos: bytes = respuesta.read(1_000_000)
        return datos


@dataclass(frozen=True)
class Estado:
    """A good OCSP answer: `respuesta` is the responder's signed DER, kept as evidence."""

    respuesta: bytes
    producida: datetime
    de_cache: bool


def _no_verificable(detalle: str) -> ErrorEfirma:
    return ErrorEfirma(
        REVOCACION_NO_VERIFICABLE,
        f"No se pudo comprobar si el certificado está revocado ({detalle}). "
        "Intente de nuevo en unos minutos.",
        "certificado",
    )


class ConsultorOCSP:
    def __init__(
        self,
        url: str,
        *,
        vigencia_cache: timedelta = timedelta(minutes=5),
        max_cache: int = 100_000,
        espera: float = 5.0,
        transporte: Transporte = transporte_http,
    ) -> None:
        self.url = url
        self.vigencia_cache = vigencia_cache
        self.max_cache = max_cache
        self.espera = espera
        self.transporte = transporte
        self._cache: OrderedDict[tuple[bytes, int], tuple[datetime, Estado]] = OrderedDict()
        self._candado = threading.Lock()

    def consultar(
        self,
        certificado: Certificado,
        emisor: Certificado,
        instante: datetime,
        *,
        ahora: datetime | None = None,
    ) -> Estado:
        """`Estado` when the certificate was not revoked at `instante`; `revocado` or
        `revocacion_no_verificable` otherwise. Freshness and cache go by the real clock (`ahora`,
        now by default): for a past `instante` it asks today whether, and when, it was revoked.
        """
        reloj = ahora or datetime.now(UTC)
        clave = (hashlib.sha1(emisor.llave_publica_bits).digest(), certificado.serie)  # noqa: S324
        with self._candado:
            en_cache = self._cache.get(clave)
            if en_cache is not None:
                if reloj < en_cache[0]:
                    estado = en_cache[1]
                    return Estado(estado.respuesta, estado.producida, de_cache=True)
                del self._cache[clave]
        estado, hasta, revocado = self._preguntar(certificado, emisor, reloj)
        if revocado is not None:
            if revocado <= instante:
                raise ErrorEfirma(
                    REVOCADO,
                    f"El certificado fue revocado el {fecha_legible(revocado)}. "
                    "Tramite una nueva e.firma en el SAT.",
                    "certificado",
                    fecha=revocado,
                )
            return estado  # revoked later than `instante`: it was good then (never cached)
        with self._candado:
            self._cache[clave] = (hasta, estado)
            while len(self._cache) > self.max_cache:
                self._cache.popitem(last=False)
        return estado

    def _preguntar(
        self, certificado: Certificado, emisor: Certificado, ahora: datetime
    ) -> tuple[Estado, datetime, datetime | None]:
        nonce = os.urandom(16)
        hash_nombre = hashlib.sha1(certificado.emisor_der).digest()  # noqa: S324 (OCSP CertID)
        hash_llave = hashlib.sha1(emisor.llave_publica_bits).digest()  # noqa: S324
        peticion = (
            ocsp.OCSPRequestBuilder()
            .add_certificate_by_hash(hash_nombre, hash_llave, certificado.serie, hashes.SHA1())  # noqa: S303
            .add_extension(x509.OCSPNonce(nonce), critical=False)
            .build()
            .public_bytes(serialization.Encoding.DER)
        )
        try:
            crudo = self.transporte(self.url, peticion, self.espera)
        except (OSError, urllib.error.URLError, http.client.HTTPException, ValueError) as exc:
            raise _no_verificable(f"el servicio OCSP {self.url} no responde") from exc
        try:
            respuesta = ocsp.load_der_ocsp_response(crudo)
        except ValueError as exc:
            raise _no_verificable("la respuesta OCSP es ilegible") from exc
        if respuesta.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise _no_verificable(f"el servicio OCSP respondió {respuesta.response_status.name}")
        self._exigir_firma(respuesta, emisor, ahora)
        try:
            eco = respuesta.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
        except x509.ExtensionNotFound:
            eco = None
        if eco != nonce:
            raise _no_verificable("la respuesta OCSP no repite el nonce de la consulta")
        if (
            respuesta.serial_number != certificado.serie
            or respuesta.issuer_key_hash != hash_llave
            or respuesta.issuer_name_hash != hash_nombre
        ):
            raise _no_verificable("la respuesta OCSP habla de otro certificado")
        if respuesta.this_update_utc > ahora + MARGEN_RELOJ:
            raise _no_verificable("la respuesta OCSP tiene fecha futura")
        siguiente = respuesta.next_update_utc
        if siguiente is not None and siguiente < ahora - MARGEN_RELOJ:
            raise _no_verificable("la respuesta OCSP ya no está vigente")
        estado = respuesta.certificate_status
        resultado = Estado(crudo, respuesta.produced_at_utc, de_cache=False)
        if estado == ocsp.OCSPCertStatus.REVOKED:
            revocado = respuesta.revocation_time_utc
            if revocado is None:
                raise _no_verificable("la respuesta OCSP de revocación no trae la fecha")
            return resultado, ahora, revocado
        if estado != ocsp.OCSPCertStatus.GOOD:
            raise _no_verificable("el servicio OCSP no conoce este certificado")
        hasta = ahora + self.vigencia_cache
        if siguiente is not None:
            hasta = min(hasta, siguiente)
        return resultado, hasta, None

    @staticmethod
    def _exigir_firma(respuesta: ocsp.OCSPResponse, emisor: Certificado, ahora: datetime) -> None:
        """Signed by the issuer itself, or by a responder the issuer delegated (OCSPSigning)."""
        algoritmo = respuesta.signature_hash_algorithm
        if algoritmo is None:
            raise _no_verificable("algoritmo de firma OCSP no admitido")
        candidatas: list[rsa.RSAPublicKey] = [emisor.llave_publica]
        for delegado in respuesta.certificates:
            try:
                cert = leer_certificado(delegado.public_bytes(serialization.Encoding.DER))
            except ErrorEfirma:
                continue
            if (
                cert.emitido_por(emisor)
                and OID_OCSP_SIGNING in cert.usos_extendidos
                and cert.valido_desde - MARGEN_RELOJ <= ahora <= cert.valido_hasta + MARGEN_RELOJ
            ):
                candidatas.append(cert.llave_publica)
        for llave in candidatas:
            try:
                llave.verify(
                    respuesta.signature, respuesta.tbs_response_bytes, padding.PKCS1v15(), algoritmo
                )
            except Exception:  # noqa: S112 (try the next candidate)
                continue
            return
        raise _no_verificable("la respuesta OCSP no está firmada por el emisor del certificado")
