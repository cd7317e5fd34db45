"""The comunicado's body as HTML: plain text, or a tiny safe Markdown subset.

The subset: paragraphs (blank lines), headings (`#`, `##`, `###`: shown as h2–h4, under the
page's h1), bullet lists (`-` or `*`), numbered lists (`1.`), **bold** and *italic*. Nothing else:
no links, no images, no raw HTML. Every character of the text is escaped first (`html.escape`,
quotes included) and only then are the few tags of the subset inserted around escaped text, so
no markup of the author's ever reaches the page (`<script>` shows as text, `[x](javascript:…)`
too: there is no link syntax to turn it into a link). Pure: no Django.
"""

from __future__ import annotations

import html
import re

_NEGRITA = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_CURSIVA = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_TITULO = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_VINETA = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMERO = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")


def _en_linea(texto: str) -> str:
    seguro = html.escape(texto, quote=True)
    seguro = _NEGRITA.sub(r"<strong>\1</strong>", seguro)
    return _CURSIVA.sub(r"<em>\1</em>", seguro)


def texto_a_html(texto: str) -> str:
    """Plain text: paragraphs at blank lines, line breaks kept, everything escaped."""
    bloques = [b for b in re.split(r"\n\s*\n", _normal(texto)) if b.strip()]
    return "\n".join(
        "<p>" + "<br>".join(html.escape(x, quote=True) for x in b.split("\n")) + "</p>"
        for b in bloques
    )


def markdown_a_html(texto: str) -> str:
    """The safe subset described above."""
    salida: list[str] = []
    parrafo: list[str] = []
    lista: list[str] = []
    tipo_lista = ""

    def cerrar_parrafo() -> None:
        if parrafo:
            salida.append("<p>" + " ".join(_en_linea(x.strip()) for x in parrafo) + "</p>")
            parrafo.clear()

    def cerrar_lista() -> None:
        nonlocal tipo_lista
        if lista:
            elementos = "".join(f"<li>{_en_linea(e.strip())}</li>" for e in lista)
            salida.append(f"<{tipo_lista}>{elementos}</{tipo_lista}>")
            lista.clear()
        tipo_lista = ""

    for linea in _normal(texto).split("\n"):
        if not linea.strip():
            cerrar_parrafo()
            cerrar_lista()
            continue
        titulo = _TITULO.match(linea)
        vineta = _VINETA.match(linea)
        numero = _NUMERO.match(linea)
        if titulo:
            cerrar_parrafo()
            cerrar_lista()
            nivel = len(titulo.group(1)) + 1
            salida.append(f"<h{nivel}>{_en_linea(titulo.group(2))}</h{nivel}>")
        elif vineta or numero:
            cerrar_parrafo()
            nuevo = "ul" if vineta else "ol"
            if tipo_lista and tipo_lista != nuevo:
                cerrar_lista()
            tipo_lista = nuevo
            lista.append((vineta or numero).group(1))  # type: ignore[union-attr]
        elif lista:
            lista[-1] += " " + linea.strip()  # a continuation line of the item
        else:
            parrafo.append(linea)
    cerrar_parrafo()
    cerrar_lista()
    return "\n".join(salida)


def a_html(texto: str, formato: str) -> str:
    return markdown_a_html(texto) if formato == "markdown" else texto_a_html(texto)


def _normal(texto: str) -> str:
    return texto.replace("\r\n", "\n").replace("\r", "\n")
