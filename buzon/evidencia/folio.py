"""Folios: readable, unique, and not guessable in sequence.

`2026-7K3M-9QXF-2HD5`: the year (Zona Centro) and 11 random Crockford base-32 characters (55 bits),
plus one check character (Crockford's mod-37 check symbol) that catches any single mistyped
character or swap of adjacent characters. No I, L, O, U: nothing to confuse when read aloud.
Pure module: no Django import.
"""

from __future__ import annotations

import re
import secrets

ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CHEQUEO = ALFABETO + "*~$=U"
_FORMATO = re.compile(
    r"^(\d{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{3})([0-9A-HJKMNP-TV-Z*~$=U])$"
)


def aleatorio(caracteres: int) -> str:
    """`caracteres` random Crockford base-32 characters (5 bits each, from the OS's CSPRNG)."""
    n = int.from_bytes(secrets.token_bytes((caracteres * 5 + 7) // 8), "big")
    return "".join(ALFABETO[(n >> (5 * i)) & 31] for i in range(caracteres))


def _valor(texto: str) -> int:
    n = 0
    for caracter in texto:
        n = n * 32 + ALFABETO.index(caracter)
    return n


def _digito(cuerpo: str) -> str:
    return _CHEQUEO[_valor(cuerpo) % 37]


def nuevo_folio(anio: int) -> str:
    cuerpo = aleatorio(11)
    return f"{anio:04d}-{cuerpo[:4]}-{cuerpo[4:8]}-{cuerpo[8:]}{_digito(f'{anio:04d}' + cuerpo)}"


def normalizar_folio(texto: str) -> str | None:
    """The folio in canonical form, or None when it is not a well-formed folio with a good check.

    Accepts lower case and the look-alikes O→0, I/L→1 that people type.
    """
    limpio = texto.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
    encontrado = _FORMATO.match(limpio)
    if encontrado is None:
        return None
    anio, a, b, c, chequeo = encontrado.groups()
    if _digito(anio + a + b + c) != chequeo:
        return None
    return limpio
