"""What a line of text shown to people may contain: no control or invisible characters.

C0/C1 controls (NUL, line breaks, ESC…), format characters (the bidirectional overrides and
isolates U+202A–202E, U+2066–2069, the marks U+200E/U+200F, zero-width characters), surrogates,
private-use and unassigned code points can make a text read differently from what it is (a name
shown backwards, a hidden line). `str.isprintable()` is false for all of them, and for every
separator other than the ASCII space.
"""

from __future__ import annotations

import unicodedata


def es_visible(texto: str, *, espacios_unicode: bool = False) -> bool:
    """True when every character of `texto` is printable or a space. `espacios_unicode` admits
    the other space separators (Zs: the no-break space pasted from a word processor) too."""
    return all(
        c.isprintable() or c == " " or (espacios_unicode and unicodedata.category(c) == "Zs")
        for c in texto
    )


def linea_invalida(que: str, maximo: int) -> str:
    """The Spanish refusal of a one-line text (`que`: «El asunto») that is empty, too long or not
    visible (see `es_visible`)."""
    return (
        f"{que} debe ser una sola línea de 1 a {maximo} caracteres, sin caracteres de control ni "
        "invisibles (como las marcas de dirección del texto que se copian de otro documento): "
        "escríbalo de nuevo."
    )
