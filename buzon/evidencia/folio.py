"""Folios: readable, unique, and not guessable in sequence.

`2026-7K3M-9QXF-2HD5R`: the year (Zona Centro), 11 random Crockford base-32 characters (55 bits)
and two check characters: the folio's value modulo 1021 (a prime larger than 32, so any single
mistyped character and any swap of two adjacent characters changes it), written in base 32.
Only digits and capital letters without I, L, O, U: safe in URLs, nothing to confuse when read
aloud. Pure module: no Django import.
"""

from __future__ import annotations

import re
import secrets

ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_MODULO = 1021
_C = "[0-9A-HJKMNP-TV-Z]"
_FORMATO = re.compile(rf"^([0-9]{{4}})-({_C}{{4}})-({_C}{{4}})-({_C}{{3}})({_C}{{2}})$", re.ASCII)


def aleatorio(caracteres: int) -> str:
    """`caracteres` random Crockford base-32 characters (5 bits each, from the OS's CSPRNG)."""
    n = int.from_bytes(secrets.token_bytes((caracteres * 5 + 7) // 8), "big")
    return "".join(ALFABETO[(n >> (5 * i)) & 31] for i in range(caracteres))


def _chequeo(cuerpo: str) -> str:
    """Two base-32 characters for the value of `cuerpo` (digits of the year included) mod 1021."""
    n = 0
    for caracter in cuerpo:
        n = (n * 32 + ALFABETO.index(caracter)) % _MODULO
    return ALFABETO[n // 32] + ALFABETO[n % 32]


def nuevo_folio(anio: int) -> str:
    cuerpo = aleatorio(11)
    chequeo = _chequeo(f"{anio:04d}" + cuerpo)
    return f"{anio:04d}-{cuerpo[:4]}-{cuerpo[4:8]}-{cuerpo[8:]}{chequeo}"


def normalizar_folio(texto: str) -> str | None:
    """The folio in canonical form, or None when it is not a well-formed folio with a good check.

    Accepts lower case and the look-alikes O→0, I/L→1 that people type.
    """
    limpio = texto.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
    encontrado = _FORMATO.match(limpio)
    if encontrado is None:
        return None
    anio, a, b, c, chequeo = encontrado.groups()
    if _chequeo(anio + a + b + c) != chequeo:
        return None
    return limpio
