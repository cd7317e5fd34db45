"""PURE. Checks on a document an official notifies: a PDF, of bounded size, readable by anyone.

By content, never by name: it must start with the PDF header, end with an end-of-file marker, and
not be encrypted (the particular must be able to open it without a password, 7.3).
"""

from __future__ import annotations

import base64
import binascii
import re

from buzon.notificaciones.errores import ErrorNotificacion

_CABECERA = re.compile(rb"^%PDF-[12]\.\d")
_ENCRIPTADO = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


def decodificar(texto: str, campo: str) -> bytes:
    try:
        return base64.b64decode(texto.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ErrorNotificacion(
            "documento_invalido",
            f"El campo «{campo}» debe ser base64 válido: codifique el archivo completo.",
            campo,
        ) from exc


def exigir_pdf(datos: bytes, maximo: int, campo: str = "documento") -> None:
    if not datos:
        raise ErrorNotificacion("documento_invalido", "El documento está vacío.", campo)
    if len(datos) > maximo:
        raise ErrorNotificacion(
            "documento_demasiado_grande",
            f"El documento pesa {len(datos):,} bytes; el máximo es {maximo:,}. "
            "Redúzcalo o divídalo.",
            campo,
            413,
        )
    if not _CABECERA.match(datos[:16]):
        raise ErrorNotificacion(
            "documento_invalido",
            "El documento no es un PDF (no empieza con «%PDF-»). Solo se notifican archivos PDF.",
            campo,
        )
    if b"%%EOF" not in datos[-2048:]:
        raise ErrorNotificacion(
            "documento_invalido",
            "El PDF está incompleto (no termina con «%%EOF»): vuelva a generarlo.",
            campo,
        )
    if _ENCRIPTADO.search(datos):
        raise ErrorNotificacion(
            "documento_cifrado",
            "El PDF está protegido con contraseña o cifrado: el particular no podría abrirlo. "
            "Envíelo sin protección.",
            campo,
        )
