"""PURE. What a message may say and where it may go: destinations and the no-link rule.

No Django import: the rules read the same from the outbox, the templates and the tests.
"""

from __future__ import annotations

import re

from buzon.legal.errores import ErrorLegal


class ErrorAviso(ErrorLegal):
    """A message that cannot be accepted: bad destination, a link, an idempotency conflict."""


_CORREO = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def normalizar_correo(valor: str, campo: str = "destino") -> str:
    """An email address as the SMTP server will get it (trimmed, domain in lower case)."""
    correo = valor.strip()
    if not correo:
        raise ErrorAviso("Falta la dirección de correo electrónico.", campo)
    if len(correo) > 254 or not _CORREO.match(correo):
        raise ErrorAviso(
            f"«{correo[:80]}» no es una dirección de correo electrónico válida "
            "(escríbala como nombre@dominio.mx, sin espacios).",
            campo,
        )
    local, dominio = correo.rsplit("@", 1)
    if len(local) > 64:
        raise ErrorAviso(
            "La parte antes de la arroba del correo no puede pasar de 64 caracteres.", campo
        )
    return f"{local}@{dominio.lower()}"


def normalizar_celular(valor: str, campo: str = "destino") -> str:
    """A Mexican mobile number in E.164 (`+52` and 10 digits), from 10 digits or `+52…`."""
    limpio = re.sub(r"[\s().-]", "", valor)
    if limpio.startswith("+52"):
        limpio = limpio[3:]
    elif limpio.startswith("52") and len(limpio) == 12:
        limpio = limpio[2:]
    if not re.fullmatch(r"[2-9]\d{9}", limpio):
        raise ErrorAviso(
            f"«{valor.strip()[:40]}» no es un número celular de México: escriba los 10 dígitos "
            "(por ejemplo 5512345678), sin la clave de país.",
            campo,
        )
    return "+52" + limpio


#: Terms of the domain that look like a domain name but are not one (and no client links them).
_NO_SON_DOMINIOS = frozenset({"e.firma"})

_ESQUEMA = re.compile(r"\b[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_WWW = re.compile(r"\bwww\.", re.IGNORECASE)
#: A bare domain name: labels joined by dots ending in a label of two or more letters
#: (buzon.imss.gob.mx, bit.ly, t.co, buzón.mx, and the domain part of an email address).
_DOMINIO = re.compile(r"(?<![\w-])(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")


#: What every `_DOMINIO` match contains (its last dot and the first letter of the last label): a
#: text without it has no bare domain, and this literal-led search is much cheaper.
_PUNTO_LETRA = re.compile(r"\.[^\W\d_]")


def enlace_en(texto: str) -> str | None:
    """The first thing in `texto` that a mail or SMS client could turn into a link, or None."""
    if "://" in texto:  # every `_ESQUEMA` match ends with it
        hallazgo = _ESQUEMA.search(texto)
        if hallazgo:
            return hallazgo.group(0)
    hallazgo = _WWW.search(texto)
    if hallazgo:
        return hallazgo.group(0)
    if _PUNTO_LETRA.search(texto) is None:
        return None
    for hallazgo in _DOMINIO.finditer(texto):
        if hallazgo.group(0).lower() not in _NO_SON_DOMINIOS:
            return hallazgo.group(0)
    return None


def exigir_sin_enlaces(texto: str, campo: str, limpias: set[str] | None = None) -> None:
    """Refuse `texto` if it holds a link (`ErrorAviso`, naming the first one).

    `limpias`: lines already found free of links in this batch, added to as lines pass. No
    pattern crosses a line break (none matches a newline, and a newline stands for a text's start
    or end in every lookaround and word boundary), so a text is free of links exactly when each
    of its lines is: a million reports that share most of their lines read each shared line once.
    """
    if limpias is None:
        encontrado = enlace_en(texto)
    else:
        encontrado = None
        for linea in texto.split("\n"):
            if linea not in limpias:
                if enlace_en(linea) is not None:
                    encontrado = enlace_en(texto) or enlace_en(linea)
                    break
                limpias.add(linea)
    if encontrado is not None:
        raise ErrorAviso(
            f"El {campo} contiene «{encontrado}», que parece una dirección web o un enlace. "
            "Los avisos del Buzón no llevan enlaces ni direcciones: la persona entra al Buzón "
            "por su cuenta. Quite esa parte del texto.",
            campo,
        )
