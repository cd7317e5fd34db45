"""PURE. The número de seguridad social (NSS) and its check digit.

The NSS has 11 digits: subdelegación (2), year of registration (2), year of birth (2), a
consecutive (4) and a check digit. The check digit is the Luhn (mod 10) digit of the first ten,
weights 1, 2, 1, 2… from the left, the digits of each product added (IMSS, Dirección de Afiliación
y Cobranza, «Bases para la integración de números de seguridad social»; worked example
9291908443 → 1). It is the same digit as ISO/IEC 7812-1's Luhn over ten digits.

Shared by every app that receives an NSS (the ICSOE's workers, the afiliación ledger).
"""

from __future__ import annotations

import re

from buzon.legal.errores import ErrorLegal

_DIEZ = re.compile(r"\d{10}")
_NSS = re.compile(r"\d{11}")


def digito_nss(diez: str) -> str:
    """The IMSS check digit of the first ten digits of an NSS (module docstring)."""
    if not _DIEZ.fullmatch(diez):
        raise ValueError("Se esperan diez dígitos.")
    suma = 0
    for i, c in enumerate(diez):
        producto = int(c) * (2 if i % 2 else 1)
        suma += producto // 10 + producto % 10
    return str((10 - suma % 10) % 10)


def normalizar_nss(valor: str, campo: str = "nss") -> str:
    """The NSS as 11 digits (spaces and dashes ignored); ErrorLegal naming `campo` when it is not
    11 digits or its check digit does not match."""
    limpio = valor.strip().replace(" ", "").replace("-", "")
    if not limpio:
        raise ErrorLegal(
            "falta el número de seguridad social: escriba sus 11 dígitos.",
            campo,
        )
    if not _NSS.fullmatch(limpio):
        raise ErrorLegal(
            f"«{valor.strip()}» no es un número de seguridad social: debe tener 11 dígitos "
            "(por ejemplo 92919084431).",
            campo,
        )
    if digito_nss(limpio[:10]) != limpio[10]:
        raise ErrorLegal(
            f"el número de seguridad social {limpio} no es válido: su dígito verificador no "
            "corresponde; cópielo de la constancia del IMSS del trabajador.",
            campo,
        )
    return limpio
