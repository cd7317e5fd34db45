"""The Institute's seal (*sello*): the key that signs every acuse's cadena original.

Key material lives in files, never in the database: `BUZON_SELLO_DIR` (default
`BUZON_DATA_DIR/sello`) holds `<numero>.cer`, `<numero>.key` (encrypted PKCS#8) and
`<numero>.password` (mode 0600), or the password comes from `BUZON_SELLO_PASSWORD`. The database
lists every seal certificate ever used (`CertificadoSello`), which one is active, and keeps retired
ones published at `/api/v1/sello/certificados` so old acuses still verify.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buzon.efirma import Certificado, ErrorEfirma, firmar_b64, leer_certificado, leer_llave
from buzon.efirma.llave import corresponde
from buzon.evidencia.models import CertificadoSello

RFC_INSTITUTO = "IMS421231I45"


class ErrorSello(RuntimeError):
    """The seal cannot be used; the message tells an operator what to do, in Spanish."""


@dataclass(frozen=True)
class Sellador:
    numero: str
    certificado: Certificado
    llave: rsa.RSAPrivateKey

    def sellar(self, cadena: str) -> str:
        """The contract's scheme: base64 RSASSA-PKCS1-v1_5/SHA-256 over the cadena's UTF-8."""
        return firmar_b64(self.llave, cadena.encode("utf-8"))


def carpeta_sello() -> Path:
    return Path(getattr(settings, "BUZON_SELLO_DIR", "") or settings.DATA_DIR / "sello")


def _password(numero: str) -> str:
    """The seal's own password file first (each seal has its own, so a rotation never breaks the
    seals before it); the environment only for a seal without one."""
    ruta = carpeta_sello() / f"{numero}.password"
    try:
        return ruta.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    entorno = os.environ.get("BUZON_SELLO_PASSWORD")
    if entorno:
        return entorno
    raise ErrorSello(
        f"No se encontró la contraseña del sello {numero}: cree {ruta} (modo 0600) o defina "
        "BUZON_SELLO_PASSWORD."
    )


@lru_cache(maxsize=8)
def _cargar(numero: str) -> Sellador:
    carpeta = carpeta_sello()
    try:
        certificado = leer_certificado((carpeta / f"{numero}.cer").read_bytes())
        llave = leer_llave((carpeta / f"{numero}.key").read_bytes(), _password(numero))
    except OSError as exc:
        raise ErrorSello(
            f"No se pudieron leer los archivos del sello {numero} en {carpeta} ({exc.strerror})."
        ) from exc
    except ErrorEfirma as exc:
        raise ErrorSello(f"El sello {numero} no se pudo cargar: {exc.mensaje}") from exc
    if not corresponde(llave, certificado):
        raise ErrorSello(f"La llave del sello {numero} no corresponde a su certificado.")
    return Sellador(numero, certificado, llave)


def sellador_activo() -> Sellador:
    """The seal new acuses are sealed with (ErrorSello, in Spanish, when there is none)."""
    # One cheap query per acuse (at most one row is active: un_solo_sello_activo), so a rotation
    # made by any process is used by the very next acuse; the loaded key is cached per `numero`.
    activos = CertificadoSello.objects.filter(activo=True).order_by()
    numero = next(iter(activos.values_list("numero", flat=True)), None)
    if numero is None:
        raise ErrorSello(
            "No hay un sello institucional activo: instale uno con «buzon sello instalar» "
            "(o «buzon demo» en una instalación de demostración)."
        )
    activo = _cargar(numero)
    ahora = timezone.now()
    if not activo.certificado.valido_desde <= ahora <= activo.certificado.valido_hasta:
        raise ErrorSello(
            f"El certificado del sello activo {numero} no está vigente (vigencia "
            f"{activo.certificado.valido_desde:%Y-%m-%d} a "
            f"{activo.certificado.valido_hasta:%Y-%m-%d}): instale uno vigente con "
            "«buzon sello instalar»."
        )
    return activo


def sellador(numero: str) -> Sellador:
    return _cargar(numero)


def certificado_de(numero: str) -> Certificado:
    """A published seal certificate (active or retired), for verification."""
    fila = CertificadoSello.objects.filter(numero=numero).first()
    if fila is None:
        raise ErrorSello(f"No existe el certificado de sello {numero}.")
    return leer_certificado(bytes(fila.certificado_der))


def do_instalar_sello(cer: bytes, key: bytes, password: str) -> CertificadoSello:
    """Install a seal and make it the active one; the previous one is retired, still published.

    The key must open with the password and match the certificate; files are written first (0600)
    and the database switch happens in one transaction, with its evidence-log entry.
    """
    from buzon.evidencia.bitacora import anotar

    try:
        certificado = leer_certificado(cer)
        llave = leer_llave(key, password)
    except ErrorEfirma as exc:
        raise ErrorSello(exc.mensaje) from exc
    if not corresponde(llave, certificado):
        raise ErrorSello("La llave no corresponde al certificado del sello.")
    ahora = timezone.now()
    if certificado.valido_hasta <= ahora:
        raise ErrorSello(
            f"El certificado del sello venció el {certificado.valido_hasta:%Y-%m-%d}: "
            "use uno vigente."
        )
    numero = certificado.no_certificado
    if not re.fullmatch(r"\d{1,20}", numero):
        raise ErrorSello(f"El número de certificado «{numero}» no tiene el formato del SAT.")
    publicado = CertificadoSello.objects.filter(numero=numero).first()
    if publicado is not None and bytes(publicado.certificado_der) != certificado.der:
        raise ErrorSello(
            f"Ya hay publicado otro certificado con el número {numero}: no se reemplaza, porque "
            "los acuses sellados con él dejarían de verificarse."
        )
    carpeta = carpeta_sello()
    carpeta.mkdir(parents=True, exist_ok=True, mode=0o700)
    for sufijo, contenido in ((".cer", cer), (".key", key), (".password", password.encode())):
        ruta = carpeta / f"{numero}{sufijo}"
        descriptor = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(contenido)
    with transaction.atomic():
        anterior = CertificadoSello.objects.select_for_update().filter(activo=True).first()
        if anterior is not None and anterior.numero == numero:
            return anterior
        if anterior is not None:
            anterior.activo, anterior.retirado_en = False, ahora
            anterior.save(update_fields=("activo", "retirado_en"))
        nuevo, _ = CertificadoSello.objects.update_or_create(
            numero=numero,
            defaults={
                "certificado_der": certificado.der,
                "vigente_desde": certificado.valido_desde,
                "vigente_hasta": certificado.valido_hasta,
                "activo": True,
                "alta_en": ahora,
                "retirado_en": None,
            },
        )
        anotar(
            "sello_rotado",
            numero,
            {
                "anterior": anterior.numero if anterior else None,
                "huella": certificado.huella_sha256,
            },
        )
    _cargar.cache_clear()
    return nuevo


def crear_sello_de_demostracion() -> CertificadoSello:
    """A seal issued by a local test CA (`BUZON_SELLO_DIR/ac`); only for demos and tests."""
    import secrets

    from buzon.efirma import pki

    carpeta_ac = carpeta_sello() / "ac"
    try:
        ac = pki.cargar_ac(carpeta_ac)
    except pki.ErrorPKI:
        ac = pki.crear_ac(carpeta_ac, nombre="AC del sello del Buzón (demostración)")
    password = secrets.token_urlsafe(18)
    inicio = datetime.now(UTC) - timedelta(hours=1)
    cer, key = pki.emitir(
        ac,
        rfc=RFC_INSTITUTO,
        nombre="INSTITUTO MEXICANO DEL SEGURO SOCIAL (SELLO DE DEMOSTRACION)",
        representante=("XAXX010101000", "XEXX010101HNEXXXA4"),
        tipo="csd",
        password=password,
        desde=inicio,
        hasta=inicio + timedelta(days=3 * 365),
        registrar=False,
    )
    return do_instalar_sello(cer, key, password)
