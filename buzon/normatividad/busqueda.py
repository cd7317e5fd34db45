"""Full-text search in Spanish over the articles of the library (I-103).

PostgreSQL: the stored column `vector` = `to_tsvector('spanish', texto_normal)` (GIN index,
migration 0001) matched with `plainto_tsquery('spanish', …)`, ranked by `ts_rank`, excerpt by
`ts_headline` (for the returned rows only). SQLite (embedded):
the FTS5 table `normatividad_fts`, each word quoted and used as a prefix after a light plural
stripping (`analisis.expresion_fts5`), ranked by `bm25`, excerpt by `snippet()`. Both search the
normalised text (lower case, no accents), so «DIAS INHABILES» finds «días inhábiles»; the excerpt
is mapped back onto the original text (`analisis.tramos_de_extracto`).

The query never reaches the engine's syntax: it is validated, split into words of letters and
digits and passed as a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection

from buzon.normatividad.analisis import (
    FIN,
    INICIO,
    Tramo,
    expresion_fts5,
    terminos,
    tramos_de_extracto,
)
from buzon.normatividad.errores import ErrorNormatividad
from buzon.normatividad.models import Articulo, Texto, Version
from buzon.normatividad.selectors import access_texto, access_version, vigente_en, vigentes_en

LARGO_MINIMO, LARGO_MAXIMO = 2, 200
MAXIMO_TERMINOS = 12
MAXIMO_RESULTADOS = 50


@dataclass(frozen=True)
class Resultado:
    texto: Texto
    version: Version
    articulo: Articulo
    tramos: list[Tramo]


def consulta_valida(q: str) -> list[str]:
    limpia = " ".join(q.split())
    if not LARGO_MINIMO <= len(limpia) <= LARGO_MAXIMO:
        raise ErrorNormatividad(
            "consulta_invalida",
            f"Escriba de {LARGO_MINIMO} a {LARGO_MAXIMO} caracteres para buscar.",
            "q",
        )
    palabras = terminos(limpia)
    if not palabras:
        raise ErrorNormatividad(
            "consulta_invalida",
            "Escriba al menos una palabra con letras o números (no solo artículos, preposiciones "
            "o signos).",
            "q",
        )
    if len(palabras) > MAXIMO_TERMINOS:
        raise ErrorNormatividad(
            "consulta_invalida", f"Busque con {MAXIMO_TERMINOS} palabras como máximo.", "q"
        )
    return palabras


def versiones_a_buscar(
    clave: str | None = None, version: int | None = None, fecha: date | None = None
) -> list[Version]:
    """The versions searched: one text's given version; else the versions in force on `fecha`
    (today) of one text (`clave`) or of all."""
    if version is not None:
        if clave is None:
            raise ErrorNormatividad(
                "consulta_invalida", "Para buscar en una versión indique también el texto.", "clave"
            )
        return [access_version(access_texto(clave), version)]
    if clave is not None:
        vigente = vigente_en(access_texto(clave), fecha)
        return [vigente] if vigente else []
    return vigentes_en(fecha)


def buscar(
    q: str,
    *,
    clave: str | None = None,
    version: int | None = None,
    fecha: date | None = None,
    limite: int = 20,
) -> list[Resultado]:
    palabras = consulta_valida(q)
    versiones = {v.pk: v for v in versiones_a_buscar(clave, version, fecha)}
    if not versiones:
        return []
    limite = max(1, min(limite, MAXIMO_RESULTADOS))
    if connection.vendor == "postgresql":
        filas = _en_postgresql(" ".join(palabras), list(versiones), limite)
    else:
        filas = _en_sqlite(expresion_fts5(palabras), list(versiones), limite)
    articulos = Articulo.objects.in_bulk([f[0] for f in filas])
    resultados = []
    for articulo_id, extracto in filas:
        articulo = articulos[articulo_id]
        v = versiones[articulo.version_id]
        tramos = tramos_de_extracto(extracto, articulo.texto_normal, articulo.texto)
        resultados.append(Resultado(v.texto, v, articulo, tramos))
    return resultados


def _en_postgresql(consulta: str, versiones: list[int], limite: int) -> list[tuple[int, str]]:
    """Rank on the stored `vector` (GIN index), then build the excerpt for the page's rows only."""
    opciones = f"StartSel={INICIO}, StopSel={FIN}, MaxWords=45, MinWords=20, HighlightAll=false"
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH q AS (SELECT plainto_tsquery('spanish', %s) AS q), "
            "m AS (SELECT a.id, ts_rank(a.vector, q.q) AS r FROM normatividad_articulo a, q "
            "WHERE a.vector @@ q.q AND a.version_id = ANY(%s) "
            "ORDER BY r DESC, a.version_id, a.orden LIMIT %s) "
            "SELECT a.id, ts_headline('spanish', a.texto_normal, q.q, %s) "
            "FROM m JOIN normatividad_articulo a ON a.id = m.id, q "
            "ORDER BY m.r DESC, a.version_id, a.orden",
            [consulta, versiones, limite, opciones],
        )
        return [(int(i), str(h)) for i, h in cursor.fetchall()]


def _en_sqlite(expresion: str, versiones: list[int], limite: int) -> list[tuple[int, str]]:
    marcas = ", ".join("%s" for _ in versiones)  # only placeholders: every value is bound
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, snippet(normatividad_fts, 0, %s, %s, '', 40) "  # noqa: S608
            "FROM normatividad_fts JOIN normatividad_articulo a ON a.id = normatividad_fts.rowid "
            f"WHERE normatividad_fts MATCH %s AND a.version_id IN ({marcas}) "
            "ORDER BY bm25(normatividad_fts), a.version_id, a.orden LIMIT %s",
            [INICIO, FIN, expresion, *versiones, limite],
        )
        return [(int(i), str(h)) for i, h in cursor.fetchall()]
