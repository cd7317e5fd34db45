"""The body's renderer: the safe Markdown subset, and no raw HTML ever passing."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from buzon.comunicados.marcado import a_html, markdown_a_html, texto_a_html

PERMITIDAS = {"p", "/p", "strong", "/strong", "em", "/em", "ul", "/ul", "ol", "/ol", "li", "/li"}
PERMITIDAS |= {"h2", "/h2", "h3", "/h3", "h4", "/h4", "br"}


def etiquetas(html: str) -> set[str]:
    return set(re.findall(r"<(/?[A-Za-z0-9]+)", html))


def test_el_subconjunto() -> None:
    html = markdown_a_html(
        "# Aviso\n\nTexto con **negrita** y *cursiva*.\n\n- uno\n- dos\n\n1. primero\n2. segundo\n"
        "\n### Menor"
    )
    assert html == (
        "<h2>Aviso</h2>\n<p>Texto con <strong>negrita</strong> y <em>cursiva</em>.</p>\n"
        "<ul><li>uno</li><li>dos</li></ul>\n<ol><li>primero</li><li>segundo</li></ol>\n"
        "<h4>Menor</h4>"
    )


def test_ningun_html_crudo_pasa() -> None:
    ataques = [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[pulse](javascript:alert(1))",
        "**<b onclick=alert(1)>x</b>**",
        "- <iframe src=//mal>",
        "# <svg onload=alert(1)>",
        '"><script>x</script>',
        "&lt;script&gt;",
    ]
    for ataque in ataques:
        for html in (markdown_a_html(ataque), texto_a_html(ataque)):
            assert "<script" not in html and "<img" not in html and "<iframe" not in html
            assert "<svg" not in html and "<a " not in html and "<b " not in html
            assert etiquetas(html) <= PERMITIDAS, (ataque, html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown_a_html(ataques[0])
    assert "javascript:alert(1)" in markdown_a_html(ataques[2])  # shown as text, not a link
    assert "&amp;lt;script&amp;gt;" in markdown_a_html(ataques[7])


def test_texto_simple_conserva_saltos() -> None:
    assert texto_a_html("uno\ndos\n\ntres **no**") == "<p>uno<br>dos</p>\n<p>tres **no**</p>"
    assert a_html("*x*", "texto") == "<p>*x*</p>"
    assert a_html("*x*", "markdown") == "<p><em>x</em></p>"


@given(st.text(max_size=300))
def test_cualquier_texto_solo_da_etiquetas_permitidas(texto: str) -> None:
    for html in (markdown_a_html(texto), texto_a_html(texto)):
        assert etiquetas(html) <= PERMITIDAS
        sin_etiquetas = re.sub(r"</?(?:p|strong|em|ul|ol|li|h2|h3|h4|br)>", "", html)
        assert "<" not in sin_etiquetas and ">" not in sin_etiquetas
        assert '"' not in sin_etiquetas and "'" not in sin_etiquetas
