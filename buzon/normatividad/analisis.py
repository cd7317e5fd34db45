"""Splitting a Spanish legal text into its articles or numerals, and the text search sees.

No Django here: the same functions serve the services, the command and the tests.

A text is split by the headings its kind uses (I-102):
- articles: a line opening with «Artículo 12.», «Artículo 13.-», «ARTÍCULO 139.», «Artículo 17-K.»,
  «Artículo 5 A.», «Artículo 1o.-» (bold marks `**` of the compilations allowed around it);
  «Artículo reformado DOF …» is a note inside the article, not a heading (no number);
- numerals, when the text has no article heading (the Lineamientos): a line opening with «1.»,
  «4.1», «7.18», accepted only when it follows the previous numeral (its first child, the next
  sibling at some level, or «1» again, which starts a new part such as the *relación de trámites*),
  so a table row «1.00 SM» or a year «2022.» never splits a text;
- «Transitorios» alone on a line opens the transitory articles: «Primero.», «Segundo.-»,
  «Artículo Primero.-»…
What comes before the first heading is the «Proemio».
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PROEMIO = "Proemio"

_ORDINALES = (
    r"(?:Primer[oa]|Segund[oa]|Tercer[oa]|Cuart[oa]|Quint[oa]|Sext[oa]|S[ée]ptim[oa]|Octav[oa]"
    r"|Noven[oa]|D[ée]cim[oa](?:\s+(?:Primer[oa]|Segund[oa]|Tercer[oa]|Cuart[oa]|Quint[oa]"
    r"|Sext[oa]|S[ée]ptim[oa]|Octav[oa]|Noven[oa]))?|Und[ée]cim[oa]|Duod[ée]cim[oa]|[ÚU]nic[oa])"
)
_ARTICULO = re.compile(
    r"^\s*(?:\*\*)?\s*(?:Art[íi]culo|ART[ÍI]CULO)\s+"
    r"(?P<numero>\d{1,4}(?:\s?[-–]\s?[A-Z]{1,2}\b|\s[A-Z]\b)?"
    r"(?:\s(?:Bis|BIS|Ter|TER|Qu[áa]ter|QU[ÁA]TER)\b)?)"
    r"\s*(?:o|º|°)?\s*\.\s*[-–]?\s*(?:\*\*)?"
)
_TRANSITORIOS = re.compile(
    r"^\s*(?:\*\*)?\s*(?i:(?:art[íi]culos?\s+)?transitori[oa]s?)\s*(?:\*\*)?\s*$"
)
_TRANSITORIO = re.compile(
    r"^\s*(?:\*\*)?\s*(?:(?i:art[íi]culo)\s+)?(?P<numero>(?i:" + _ORDINALES + r"))"
    r"\s*(?:\.\s*[-–]?|[-–])\s*(?:\*\*)?"
)
_NUMERAL = re.compile(
    r"^\s*(?P<numero>\d{1,2}(?:\.\d{1,2})*)(?:\.\s*[-–]?)?\s+(?=[A-ZÁÉÍÓÚÑÜ«“\"¿(]|\d+[A-Z])"
)
_TITULO = re.compile(r"^[^a-záéíóúñü]*[A-ZÁÉÍÓÚÑÜ]{3}[^a-záéíóúñü]*$")


@dataclass(frozen=True)
class Pieza:
    """One article, numeral or transitorio: `clave` is unique within the text (it names the piece
    across versions, for the diff), `texto` includes its heading line."""

    orden: int
    clave: str
    texto: str


def _numeral_aceptable(anterior: tuple[int, ...] | None, nuevo: tuple[int, ...]) -> bool:
    if anterior is None or nuevo == (1,):
        return True
    if nuevo == (*anterior, 1):
        return True
    nivel = len(nuevo)
    return (
        nivel <= len(anterior)
        and nuevo[:-1] == anterior[: nivel - 1]
        and nuevo[-1] > anterior[nivel - 1]
    )


def _sin_negritas(linea: str) -> str:
    return linea.replace("**", "")


def _nombre_de_parte(lineas: list[str], parte: int) -> str:
    """The part a restarted numbering belongs to: the first word of the capitalised title line
    just before it («RELACIÓN DE TRÁMITES…» → «Relación»), else «Parte N»."""
    for linea in reversed(lineas[-6:]):
        limpia = linea.strip()
        if limpia and _TITULO.match(limpia):
            return limpia.split()[0].capitalize()
    return f"Parte {parte}"


def dividir(texto: str) -> list[Pieza]:
    """The pieces of `texto`, in order (see the module's docstring)."""
    lineas = texto.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    por_articulos = any(_ARTICULO.match(linea) for linea in lineas)
    piezas: list[tuple[str, list[str]]] = [(PROEMIO, [])]
    en_transitorios = False
    anterior: tuple[int, ...] | None = None
    parte, prefijo = 1, "Numeral"
    for linea in lineas:
        clave: str | None = None
        if _TRANSITORIOS.match(linea):
            en_transitorios = True
        elif en_transitorios and (m := _TRANSITORIO.match(linea)):
            clave = "Transitorio " + " ".join(m["numero"].split()).capitalize()
        elif por_articulos and (m := _ARTICULO.match(linea)):
            numero = re.sub(r"\s*[-–]\s*", "-", m["numero"])
            clave = ("Transitorio " if en_transitorios else "Artículo ") + numero
        elif not por_articulos and (m := _NUMERAL.match(linea)):
            nuevo = tuple(int(n) for n in m["numero"].split("."))
            if _numeral_aceptable(anterior, nuevo):
                if nuevo == (1,) and (anterior is not None or en_transitorios):
                    parte += 1
                    prefijo = _nombre_de_parte(piezas[-1][1], parte)
                    en_transitorios = False
                anterior = nuevo
                clave = f"{prefijo} {m['numero']}"
        if clave is None:
            piezas[-1][1].append(linea)
        else:
            piezas.append((clave, [_sin_negritas(linea).strip()]))
    return _piezas_unicas(piezas)


def _piezas_unicas(piezas: list[tuple[str, list[str]]]) -> list[Pieza]:
    resultado: list[Pieza] = []
    vistas: dict[str, int] = {}
    for clave, lineas in piezas:
        cuerpo = "\n".join(lineas).strip()
        if not cuerpo:
            continue
        vistas[clave] = vistas.get(clave, 0) + 1
        unica = clave if vistas[clave] == 1 else f"{clave} ({vistas[clave]})"
        resultado.append(Pieza(len(resultado), unica, cuerpo))
    return resultado


def _plegar(c: str) -> str:
    """One character, lower case and without its accent (ñ stays ñ): always one character, so a
    normalised text has the same offsets as its original."""
    menor = c.lower()
    if len(menor) != 1:
        return c
    if menor in "ñ":
        return menor
    base = "".join(x for x in unicodedata.normalize("NFD", menor) if not unicodedata.combining(x))
    return base if len(base) == 1 else menor


def normalizar(texto: str) -> str:
    """What the search indexes and compares (I-103): lower case, no accents, same length."""
    return "".join(_plegar(c) for c in texto)


#: Words a Spanish search ignores (PostgreSQL's `spanish` configuration drops these and more).
VACIAS = frozenset(
    {"a", "al", "con", "de", "del", "e", "el", "en", "la", "las", "lo", "los", "o", "para"}
    | {"por", "que", "se", "su", "sus", "u", "un", "una", "y"}
)
_PALABRA = re.compile(r"\w+")


def terminos(consulta: str) -> list[str]:
    """The normalised words of a query, without repeated or empty ones (never FTS syntax)."""
    vistos: list[str] = []
    for palabra in _PALABRA.findall(normalizar(consulta)):
        palabra = palabra.strip("_")
        if palabra and palabra not in VACIAS and palabra not in vistos:
            vistos.append(palabra)
    return vistos


def raiz(termino: str) -> str:
    """A light Spanish plural stripping for the embedded search (FTS5 has no Spanish stemmer):
    «inhabiles» → «inhabil», «estrados» → «estrado», «dias» → «dia»; used as a prefix."""
    if len(termino) > 5 and termino.endswith("es"):
        return termino[:-2]
    if len(termino) > 3 and termino.endswith("s"):
        return termino[:-1]
    return termino


def expresion_fts5(palabras: list[str]) -> str:
    """An FTS5 MATCH expression: each word quoted as a string and used as a prefix, all required.
    Words come from `terminos` (letters and digits only), so no quote can appear inside."""
    return " ".join(f'"{raiz(p)}"*' for p in palabras)


@dataclass(frozen=True)
class Tramo:
    texto: str
    marcado: bool


INICIO, FIN = "\x02", "\x03"


#: How many characters of the text an excerpt may have dropped (markup-like pieces) and still be
#: placed: more means the excerpt was placed at the wrong occurrence of its first word.
MAXIMO_OMITIDO = 120


def _alinear_desde(marcado: str, normal: str, inicio: int) -> list[tuple[int, int, bool]] | None:
    spans: list[tuple[int, int, bool]] = []
    p = base = inicio
    dentro, saltados = False, 0
    for c in marcado:
        if c in (INICIO, FIN):
            spans.append((base, p, dentro))
            base, dentro = p, c == INICIO
            continue
        if c.isspace() and (p >= len(normal) or not normal[p].isspace()):
            continue
        salto = normal.find(c, p)
        saltados += salto - p
        if salto < 0 or saltados > MAXIMO_OMITIDO:
            return None
        if dentro and salto != p:
            if p != base:
                return None
            spans.append((base, salto, False))
            base = salto
        p = salto + 1
    spans.append((base, p, dentro))
    return [s for s in spans if s[1] > s[0]]


def _alinear(marcado: str, normal: str) -> tuple[int, list[tuple[int, int, bool]]] | None:
    """Where each character of the excerpt is in the normalised text: spans (start, end, marked)
    of `normal`. The excerpt is a piece of the text itself, except that PostgreSQL's `ts_headline`
    drops what its parser takes for markup (`<b>`) and may leave spaces for it: those are skipped,
    and the dropped characters come back unmarked. None when the excerpt cannot be placed."""
    limpio = marcado.replace(INICIO, "").replace(FIN, "")
    inicio = normal.find(limpio) if limpio else -1
    if inicio >= 0:
        return inicio, _alinear_desde(marcado, normal, inicio) or []
    palabras = marcado.replace(INICIO, " ").replace(FIN, " ").split()
    inicio = normal.find(palabras[0]) if palabras else -1
    for _ in range(50):
        if inicio < 0:
            return None
        spans = _alinear_desde(marcado, normal, inicio)
        if spans is not None:
            return inicio, spans
        inicio = normal.find(palabras[0], inicio + 1)
    return None


def tramos_de_extracto(marcado: str, normal: str, original: str) -> list[Tramo]:
    """The database's highlighted excerpt (over the normalised text, with INICIO/FIN around each
    match) turned into spans of the original text, accents and case as written; «…» where the
    excerpt does not reach the article's start or end. Rendered by the template, which escapes
    every span (the highlight is a `<mark>` around an escaped span, never raw HTML)."""
    alineado = _alinear(marcado, normal)
    if alineado is None:
        limpio = marcado.replace(INICIO, "").replace(FIN, "")
        return [Tramo(limpio, False)]
    inicio, spans = alineado
    tramos = [Tramo("… ", False)] if inicio > 0 else []
    tramos += [Tramo(original[a:b], m) for a, b, m in spans]
    if spans and spans[-1][1] < len(normal):
        tramos.append(Tramo(" …", False))
    return tramos
