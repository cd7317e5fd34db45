"""Personal data as logs and consoles may show it: enough to recognise one's own, not to harvest.

RFCs are masked by `legal.rfc.enmascarar_rfc`; here email addresses, phone numbers and free text
that may carry codes (a confirmation code, a verification code, a CURP or an NSS inside a message).
"""

from __future__ import annotations

import re

from buzon.legal.rfc import enmascarar_rfc

__all__ = ["enmascarar_correo", "enmascarar_rfc", "enmascarar_telefono", "enmascarar_texto"]


def enmascarar_correo(correo: str) -> str:
    """rosa.ruiz@acme.mx → r***@acme.mx."""
    local, arroba, dominio = correo.strip().rpartition("@")
    if not arroba or not local:
        return "***"
    return f"{local[0]}***@{dominio}"


def enmascarar_telefono(numero: str) -> str:
    """+525512341234 → ******1234: the last four digits only."""
    digitos = "".join(c for c in numero if c.isdigit())
    return "******" + digitos[-4:] if len(digitos) >= 4 else "******"


#: Runs of four or more digits (codes, NSS, phones), email addresses, and RFC/CURP-like words.
_CORREO = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITOS = re.compile(r"\d{4,}")
_CLAVE = re.compile(r"\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3,8}\b")


def enmascarar_texto(texto: str) -> str:
    """A message with its addresses, digit runs and RFC/CURP-like words masked."""
    texto = _CORREO.sub(lambda m: enmascarar_correo(m.group(0)), texto)
    texto = _CLAVE.sub(lambda m: enmascarar_rfc(m.group(0)), texto)
    return _DIGITOS.sub(lambda m: "*" * len(m.group(0)), texto)
