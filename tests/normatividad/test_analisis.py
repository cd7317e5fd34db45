"""The parser on the real texts (shipped copies and /work/shared/normas) and on generated ones;
the normalisation the search compares; the FTS5 expression; the excerpt's mapping back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.normatividad.analisis import (
    FIN,
    INICIO,
    PROEMIO,
    dividir,
    expresion_fts5,
    normalizar,
    terminos,
    tramos_de_extracto,
)
from buzon.normatividad.biblioteca_demo import CARPETA, entradas
from tests.normatividad.conftest import COMPARTIDA

CFF = ["Artículo 12", "Artículo 13", "Artículo 17-K", *(f"Artículo {n}" for n in range(134, 140))]


def claves(texto: str) -> list[str]:
    return [p.clave for p in dividir(texto)]


def _compartido(nombre: str) -> str:
    ruta = COMPARTIDA / nombre
    if not ruta.exists():
        pytest.skip(f"*** FALTA {ruta}: no se prueba el texto original de /work/shared ***")
    return ruta.read_text("utf-8")


@pytest.mark.parametrize("origen", ["incluido", "compartido"])
def test_cff_por_articulos(origen: str) -> None:
    nombre = "cff-extractos.txt"
    texto = (CARPETA / nombre).read_text("utf-8") if origen == "incluido" else _compartido(nombre)
    piezas = {p.clave: p for p in dividir(texto)}
    assert list(piezas) == [PROEMIO, *CFF]
    assert piezas["Artículo 12"].texto.startswith("Artículo 12. En los plazos fijados en días")
    assert "habilitar los días inhábiles" in piezas["Artículo 12"].texto
    assert "Artículo 13" not in piezas["Artículo 12"].texto
    assert piezas["Artículo 139"].texto.endswith("Artículo reformado DOF 12-11-2021")
    assert "**" not in piezas["Artículo 139"].texto.splitlines()[0]


@pytest.mark.parametrize("origen", ["incluido", "compartido"])
def test_lineamientos_por_numerales_transitorios_y_relacion(origen: str) -> None:
    nombre = "lineamientos-buzon-imss-dof-2024-08-05.txt"
    texto = (CARPETA / nombre).read_text("utf-8") if origen == "incluido" else _compartido(nombre)
    lista = claves(texto)
    principales = [c for c in lista if c.startswith("Numeral ") and "." not in c]
    assert principales == [f"Numeral {n}" for n in range(1, 12)]
    assert [f"Numeral 7.{n}" for n in range(1, 11)] == [
        c for c in lista if c.startswith("Numeral 7.")
    ]
    assert lista[lista.index("Numeral 11") + 1 :][:3] == [
        "Transitorio Primero",
        "Transitorio Segundo",
        "Transitorio Tercero",
    ]
    relacion = [c for c in lista if c.startswith("Relación ")]
    assert relacion[:3] == ["Relación 1", "Relación 2", "Relación 3"]
    assert "Relación 7.18" in relacion and "Relación 9.10" in relacion
    assert relacion[-1] == "Relación 10.8"
    piezas = {p.clave: p for p in dividir(texto)}
    assert "Acervo normativo" in piezas["Relación 3"].texto
    assert "180 días naturales" in piezas["Transitorio Primero"].texto
    # «13 y 134, fracción I» (inside 7.2) and «2022. Tercero.-» (in the proemio) are no headings.
    assert "13 y 134" in piezas["Numeral 7.2"].texto
    assert "Tercero.- Instruir" in piezas[PROEMIO].texto


@pytest.mark.parametrize(
    ("nombre", "esperadas"),
    [
        ("lss-extractos.txt", [PROEMIO, "Artículo 286 L", "Artículo 286 M", "Artículo 286 N"]),
        ("lss-cuotas-extractos.txt", None),
    ],
)
def test_lss(nombre: str, esperadas: list[str] | None) -> None:
    for texto in ((CARPETA / nombre).read_text("utf-8"), _compartido(nombre)):
        piezas = {p.clave: p for p in dividir(texto)}
        if esperadas:
            assert list(piezas) == esperadas
        else:
            assert {"Artículo 5 A", "Artículo 15 A", "Artículo 39 D", "Artículo 168"} <= set(piezas)
            # The rate table of 168 («1.00 SM», «1.01 SM a 1.50 UMA») stays inside the article.
            assert "1.01 SM a 1.50 UMA" in piezas["Artículo 168"].texto
            assert len(piezas) == 30


def test_los_textos_incluidos_son_los_de_shared() -> None:
    for entrada in entradas():
        original = COMPARTIDA / entrada["archivo"]
        if not original.exists():
            pytest.skip(f"*** FALTA {original}: no se compara la copia incluida ***")
        assert (CARPETA / entrada["archivo"]).read_bytes() == original.read_bytes()


GENERADO = """DECRETO por el que se expide la Ley de Prueba

ARTÍCULO 1o.- Esta ley es de orden público.
ARTÍCULO 2. Para efectos de esta ley se entiende:
I. Día hábil: el que no es inhábil.
Artículo reformado DOF 01-01-2020
**Artículo 3 Bis.** Los plazos se cuentan en días hábiles.
Artículo 3-A.- Se deroga.
Artículo 4. Conforme al
artículo 2. de esta ley (una referencia, no un encabezado).

TRANSITORIOS

PRIMERO.- Este decreto entra en vigor al día siguiente.
Artículo Segundo. Se derogan las disposiciones que se opongan.
Décimo Primero.- Otro.

Transitorios

Primero. De la reforma de 2024.
"""


def test_texto_generado_por_articulos() -> None:
    piezas = {p.clave: p for p in dividir(GENERADO)}
    assert list(piezas) == [
        PROEMIO,
        "Artículo 1",
        "Artículo 2",
        "Artículo 3 Bis",
        "Artículo 3-A",
        "Artículo 4",
        "Transitorio Primero",
        "Transitorio Segundo",
        "Transitorio Décimo primero",
        "Transitorio Primero (2)",
    ]
    assert "Artículo reformado DOF" in piezas["Artículo 2"].texto
    assert "artículo 2. de esta ley" in piezas["Artículo 4"].texto
    assert [p.orden for p in dividir(GENERADO)] == list(range(10))


def test_texto_generado_por_numerales() -> None:
    texto = "\n".join(
        [
            "ACUERDO de prueba",
            "1. Objeto.",
            "Texto del objeto con 1.5 millones.",
            "1.1 Primer inciso.",
            "1.1.1 Sub inciso.",
            "1.2 Segundo inciso.",
            "3 y 4 del Código (no es encabezado: minúscula).",
            "2. Definiciones.",
            "1.00 SM (tabla: no sigue la numeración)",
            "2022. Tercero.- (un año al inicio de línea)",
            "ANEXO DE TRÁMITES",
            "1. Primer trámite.",
            "2. Segundo trámite.",
        ]
    )
    assert claves(texto) == [
        PROEMIO,
        "Numeral 1",
        "Numeral 1.1",
        "Numeral 1.1.1",
        "Numeral 1.2",
        "Numeral 2",
        "Anexo 1",
        "Anexo 2",
    ]


def test_texto_sin_encabezados_queda_en_el_proemio() -> None:
    assert claves("Solo un párrafo.\nY otro.") == [PROEMIO]


@given(st.text())
def test_normalizar_conserva_la_longitud(texto: str) -> None:
    assert len(normalizar(texto)) == len(texto)


def test_normalizar_quita_acentos_y_mayusculas() -> None:
    assert (
        normalizar("DÍAS Inhábiles, Código, PINGÜINO, Año")
        == "dias inhabiles, codigo, pinguino, año"
    )


@pytest.mark.parametrize(
    ("consulta", "esperada"),
    [
        ("días inhábiles", '"dia"* "inhabil"*'),
        ('estrados" OR x NEAR(y) *', '"estrado"* "or"* "x"* "near"*'),
        ("de la y el", ""),
    ],
)
def test_expresion_fts5_entrecomilla(consulta: str, esperada: str) -> None:
    assert expresion_fts5(terminos(consulta)) == esperada


def test_tramos_devuelven_el_texto_original() -> None:
    original = "Los días INHÁBILES no cuentan. Fin."
    normal = normalizar(original)
    marcado = f"los {INICIO}dias{FIN} {INICIO}inhabiles{FIN} no cuentan"
    tramos = tramos_de_extracto(marcado, normal, original)
    assert [(t.texto, t.marcado) for t in tramos] == [
        ("Los ", False),
        ("días", True),
        (" ", False),
        ("INHÁBILES", True),
        (" no cuentan", False),
        (" …", False),
    ]


def test_tramos_cuando_postgresql_quita_lo_que_parece_marcado() -> None:
    original = "Uno <script>alert(1)</script> ESTRADOS <b>días</b> fin."
    normal = normalizar(original)
    # What ts_headline answers: the tags dropped, spaces left where they were.
    marcado = f"uno  alert(1)  {INICIO}estrados{FIN} {INICIO}dias{FIN} fin."
    tramos = tramos_de_extracto(marcado, normal, original)
    assert "".join(t.texto for t in tramos) == original
    assert [t.texto for t in tramos if t.marcado] == ["ESTRADOS", "días"]


def test_tramos_que_no_se_pueden_ubicar() -> None:
    tramos = tramos_de_extracto(f"{INICIO}otra{FIN} cosa", "texto", "Texto")
    assert [(t.texto, t.marcado) for t in tramos] == [("otra cosa", False)]


def test_un_archivo_real_por_ruta(tmp_path: Path) -> None:
    ruta = tmp_path / "t.txt"
    ruta.write_text(GENERADO, "utf-8")
    assert claves(ruta.read_text("utf-8"))[1] == "Artículo 1"
