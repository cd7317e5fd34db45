"""Reads for the public verification (buzon.verificacion): a notified document by folio and code,
its signer as the officials' register names them, and the avisos the providers accepted.

Nothing here writes, and nothing here decides what the public may see: that is
`buzon.verificacion.selectors`, which masks. Every lookup that can fail answers None (or an empty
list) without saying why, so a caller cannot tell a wrong code from an unknown folio.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from django.db.models import Min

from buzon.avisos.models import Intento
from buzon.efirma import ErrorEfirma, leer_certificado
from buzon.evidencia.folio import normalizar_folio
from buzon.notificaciones.entrega.aceptacion import PREFIJO as PREFIJO_AVISO
from buzon.notificaciones.models import Notificacion, TipoActo
from buzon.oficina.models import Oficial

#: Compared against when the folio is unknown, so both answers take the same path.
_CODIGO_AUSENTE = "0" * 24

#: The cargo printed for each role when the register names no other (the demo's letters use these).
CARGOS: dict[str, str] = {
    Oficial.Rol.NOTIFICADOR: "Notificador",
    Oficial.Rol.SUPERVISOR: "Supervisor",
    Oficial.Rol.ADMINISTRADOR: "Administrador",
}


def documento_para_verificar(folio: str, codigo: str) -> Notificacion | None:
    """The notification whose folio *and* document verification code match; None otherwise.

    The code is compared in constant time, also against a stand-in when the folio is unknown."""
    canonico = normalizar_folio(folio)
    if canonico is None:
        return None
    n = Notificacion.objects.filter(folio=canonico).first()
    esperado = n.codigo_verificacion if n is not None else ""
    # Codes are Crockford base 32 like folios: typed in lower case they still match.
    codigo_normal = codigo.strip().upper().encode()
    coincide = hmac.compare_digest((esperado or _CODIGO_AUSENTE).encode(), codigo_normal)
    if n is None or not esperado or not coincide:
        return None
    return n


def firma_integra(n: Notificacion) -> bool:
    """The stored signature verifies, with the stored certificate, over the stored SHA-256 of
    the document (RSA PKCS#1 v1.5 over a SHA-256 digest): the row says what the official signed."""
    try:
        certificado = leer_certificado(bytes(n.firmante_certificado))
        firma = base64.b64decode(n.firma.strip(), validate=True)
        digesto = bytes.fromhex(n.documento_sha256)
    except (ErrorEfirma, binascii.Error, ValueError):
        return False
    if len(digesto) != 32:
        return False
    try:
        certificado.llave_publica.verify(
            firma, digesto, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class Firmante:
    nombre: str
    cargo: str
    #: The number of the e.firma certificate the document was signed with.
    certificado: str


def firmante_de(n: Notificacion) -> Firmante:
    """Who signed: the official's record (name, cargo by role) for the signing RFC; the
    certificate's own name when the register no longer has the official."""
    certificado = leer_certificado(bytes(n.firmante_certificado))
    oficial = Oficial.objects.filter(rfc=n.firmante_rfc).first()
    if oficial is None:
        return Firmante(certificado.nombre, "Servidor público", certificado.no_certificado)
    cargo = CARGOS.get(oficial.rol, "Servidor público")
    return Firmante(oficial.nombre, cargo, certificado.no_certificado)


def nombre_del_acto(n: Notificacion) -> str:
    """`7.1 <legal name>` as the catalogue has it (the bare key if the act left the catalogue)."""
    acto = TipoActo.objects.filter(clave=n.tipo).only("nombre").first()
    return f"{n.tipo} {acto.nombre}" if acto is not None else n.tipo


@dataclass(frozen=True)
class AvisoAceptado:
    """One message of a notification's aviso that a provider accepted."""

    canal: str
    #: The address or number as stored (callers mask it before showing it).
    destino: str
    #: The first accepted attempt (SMTP accepted the message, the SMS gateway answered 2xx).
    aceptado: datetime


def prefijo_aviso(folio: str) -> str:
    """What every outbox key of a notification's aviso starts with (`aceptacion.clave_aviso`:
    `aviso:{folio}:{tipo}:{valor}`)."""
    return f"{PREFIJO_AVISO}{folio}:"


def avisos_aceptados(folio: str) -> list[AvisoAceptado]:
    """Every message of the aviso of notification `folio` a provider accepted, first accepted
    first. An unknown or malformed folio, or an aviso no provider accepted yet: []."""
    canonico = normalizar_folio(folio)
    if canonico is None:
        return []
    filas = (
        Intento.objects.filter(
            mensaje__clave__startswith=prefijo_aviso(canonico),
            resultado=Intento.Resultado.ENVIADO,
        )
        .values("mensaje_id", "mensaje__canal", "mensaje__destino")
        .annotate(aceptado=Min("instante"))
        .order_by("aceptado", "mensaje_id")
    )
    return [
        AvisoAceptado(str(f["mensaje__canal"]), str(f["mensaje__destino"]), f["aceptado"])
        for f in filas
    ]
