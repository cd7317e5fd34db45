"""Security events (issue 19): every refused login and every refused authorisation is one record
of the logger `buzon.seguridad`, structured, so an operator can alert on it and trace an attack.

Each record's message is one JSON object, also attached to the record as `record.seguridad`:
`evento` (`inicio_rechazado`, `autorizacion_rechazada`), `codigo` (the refusal's code, as the
API answers it), `rfc` (masked: `AAA******AAA`), `no_certificado` (SAT's certificate number),
`ip` (behind BUZON_PROXIES, the client's), `perfil` (asked or held), `metodo` and `ruta` (the
path, never the query string). Nothing personal in clear, no token, no signature.
"""

from __future__ import annotations

import json
import logging
from contextlib import suppress

from django.http import HttpRequest

from buzon.comun.limites import ip_de
from buzon.comun.mascaras import enmascarar_rfc
from buzon.cuentas.models import Sesion
from buzon.efirma import ErrorEfirma, leer_certificado

registro = logging.getLogger("buzon.seguridad")

INICIO_RECHAZADO = "inicio_rechazado"
AUTORIZACION_RECHAZADA = "autorizacion_rechazada"


def del_certificado(der: bytes) -> tuple[str | None, str | None]:
    """(RFC, certificate number) of a certificate that may not even parse."""
    with suppress(ErrorEfirma, ValueError):
        certificado = leer_certificado(der)
        return certificado.rfc or None, certificado.no_certificado
    return None, None


def anotar_evento(
    evento: str,
    codigo: str,
    request: HttpRequest,
    *,
    rfc: str | None = None,
    no_certificado: str | None = None,
    perfil: str | None = None,
) -> dict[str, str | None]:
    """Log one security event (WARNING) and return what was logged."""
    datos: dict[str, str | None] = {
        "evento": evento,
        "codigo": codigo,
        "rfc": enmascarar_rfc(rfc) if rfc else None,
        "no_certificado": no_certificado,
        "ip": ip_de(request),
        "perfil": perfil,
        "metodo": request.method,
        "ruta": request.path,
    }
    registro.warning(json.dumps(datos, ensure_ascii=False), extra={"seguridad": datos})
    return datos


def inicio_rechazado(
    request: HttpRequest, codigo: str, certificado_der: bytes | None, perfil: str
) -> None:
    """A refused login (API or page), with what the certificate sent says about who tried."""
    rfc, numero = del_certificado(certificado_der) if certificado_der else (None, None)
    anotar_evento(INICIO_RECHAZADO, codigo, request, rfc=rfc, no_certificado=numero, perfil=perfil)


def autorizacion_rechazada(
    request: HttpRequest, codigo: str, sesion: Sesion | None, perfil: str | None = None
) -> None:
    """A request refused for who is asking (no valid session for the profile, no permission);
    `perfil`: the profile the operation needs, when the session does not say it."""
    anotar_evento(
        AUTORIZACION_RECHAZADA,
        codigo,
        request,
        rfc=sesion.rfc if sesion else None,
        no_certificado=sesion.no_certificado if sesion else None,
        perfil=sesion.perfil if sesion else perfil,
    )
