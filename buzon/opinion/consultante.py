"""Who asks for an opinión de cumplimiento: the holder, an authorised third party, the public or
an agency under a convenio. Every consultation is recorded with it (`models.Consulta`)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.http import HttpRequest

from buzon.comun.limites import ip_de, permitir

TipoConsultante = Literal["titular", "tercero", "publico", "convenio"]
TIPOS: tuple[TipoConsultante, ...] = ("titular", "tercero", "publico", "convenio")
#: Public consultations per IP per minute (the API and the page share one budget).
LIMITE_PUBLICO_POR_MINUTO = 20


@dataclass(frozen=True)
class Consultante:
    """`rfc`: the third party's (tercero) or the holder's own (titular); None for the public.
    `convenio`: the agency's convenio id. `ip`: the client's address, only to record it masked
    and hashed (`ip_enmascarada`, `ip_huella`), never in clear."""

    tipo: TipoConsultante
    rfc: str | None = None
    convenio: int | None = None
    motivo: str = ""
    ip: str | None = None

    def __post_init__(self) -> None:
        if self.tipo not in TIPOS:
            raise ValueError(f"Tipo de consultante desconocido: {self.tipo!r}")
        if self.tipo in ("titular", "tercero") and not self.rfc:
            raise ValueError(f"El consultante {self.tipo} necesita su RFC.")
        if self.tipo == "convenio" and self.convenio is None:
            raise ValueError("El consultante convenio necesita el id del convenio.")


def ip_enmascarada(ip: str | None) -> str:
    """203.0.113.45 → 203.0.113.0/24; 2001:db8:1:2::5 → 2001:db8:1::/48: the network, never the
    host (what a holder needs to recognise a consultation, not to identify a person)."""
    if not ip:
        return ""
    try:
        direccion = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    prefijo = 24 if direccion.version == 4 else 48
    return str(ipaddress.ip_network(f"{direccion}/{prefijo}", strict=False))


def ip_huella(ip: str | None) -> str:
    """HMAC-SHA-256 of the address under the installation's secret: equal addresses give equal
    prints (abuse can be traced by the Institute), but the address cannot be read back."""
    if not ip:
        return ""
    clave = f"opinion-ip:{settings.SECRET_KEY}".encode()
    return hmac.new(clave, ip.strip().encode(), hashlib.sha256).hexdigest()


def permitido_publico(request: HttpRequest) -> bool:
    """The public consultation's rate limit per IP (`comun.limites`, as verification's)."""
    return permitir(f"opinion_publica:{ip_de(request)}", LIMITE_PUBLICO_POR_MINUTO, 60)
