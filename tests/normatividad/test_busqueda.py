"""Full-text search in Spanish on the real CFF and Lineamientos, on whichever database runs
(SQLite FTS5 or PostgreSQL's `spanish` configuration): the article is shown, the excerpt keeps
the text's accents, and no query reaches the engine's syntax."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from buzon.normatividad.analisis import terminos
from buzon.normatividad.busqueda import buscar
from buzon.normatividad.errores import ErrorNormatividad
from buzon.normatividad.models import Articulo
from buzon.normatividad.servicios import ResultadoAlta, do_agregar_version
from tests.normatividad.conftest import alta, texto_incluido

pytestmark = pytest.mark.django_db


def resaltado(resultado: object) -> list[str]:
    return [t.texto for t in resultado.tramos if t.marcado]  # type: ignore[attr-defined]


def por_articulo(q: str, **filtros: object) -> dict[str, object]:
    return {r.articulo.clave: r for r in buscar(q, **filtros)}  # type: ignore[arg-type]


def test_dias_inhabiles_en_cff_12(cff: ResultadoAlta) -> None:
    resultados = por_articulo("días inhábiles")
    assert "Artículo 12" in resultados
    r = resultados["Artículo 12"]
    assert r.texto.clave == "cff"  # type: ignore[attr-defined]
    marcadas = [m.lower() for m in resaltado(r)]
    assert "días" in marcadas and "inhábiles" in marcadas
    extracto = "".join(t.texto for t in r.tramos)  # type: ignore[attr-defined]
    assert "inhábiles" in extracto  # accents as written, though the index has none


def test_estrados_en_cff_139(cff: ResultadoAlta) -> None:
    resultados = por_articulo("estrados")
    assert {"Artículo 139", "Artículo 134"} <= set(resultados)
    assert "Artículo 12" not in resultados
    assert [m.lower() for m in resaltado(resultados["Artículo 139"])] == ["estrados"]


@pytest.mark.parametrize("q", ["DIAS INHABILES", "Días   Inhábiles", "dias inhabiles"])
def test_sin_distinguir_acentos_ni_mayusculas(cff: ResultadoAlta, q: str) -> None:
    assert "Artículo 12" in por_articulo(q)


def test_todas_las_palabras_son_necesarias(cff: ResultadoAlta) -> None:
    assert "Artículo 139" not in por_articulo("estrados inhábiles")
    assert por_articulo("estrados zanahoria") == {}


def test_busca_en_todos_los_textos_vigentes(cff: ResultadoAlta, administrador: str) -> None:
    do_agregar_version(
        alta("lineamientos-buzon", tipo="lineamientos", nombre="Lineamientos del Buzón IMSS"),
        texto_incluido("lineamientos-buzon-imss-dof-2024-08-05.txt"),
        por=administrador,
    )
    resultados = buscar("acervo normativo")
    assert [(r.texto.clave, r.articulo.clave) for r in resultados] == [
        ("lineamientos-buzon", "Relación 3")
    ]
    solo_cff = buscar("notificaciones", clave="lineamientos-buzon")
    assert {r.texto.clave for r in solo_cff} == {"lineamientos-buzon"}


@pytest.mark.parametrize(
    "q",
    [
        '"',
        'estrados"',
        "estrados OR",
        "NOT estrados",
        "estrados AND",
        "NEAR(estrados días)",
        "texto:estrados",
        "estrados*",
        "^estrados",
        "(estrados",
        "'); DROP TABLE normatividad_articulo; --",
        "estrados & | ! <-> :*",
    ],
)
def test_la_sintaxis_nunca_llega_al_motor(cff: ResultadoAlta, q: str) -> None:
    if not terminos(q):
        with pytest.raises(ErrorNormatividad, match="consulta_invalida"):
            buscar(q)
        return
    resultados = buscar(q)
    if terminos(q) == ["estrados"]:
        assert "Artículo 139" in {r.articulo.clave for r in resultados}


@pytest.mark.parametrize(
    "q", ["", " ", "a", "x" * 201, "de la y", "¿¡!?", " ".join(f"p{i}" for i in range(13))]
)
def test_consulta_invalida(cff: ResultadoAlta, q: str) -> None:
    with pytest.raises(ErrorNormatividad) as error:
        buscar(q)
    assert error.value.codigo == "consulta_invalida"
    assert error.value.campo == "q"


def test_por_version_y_por_fecha(cff: ResultadoAlta, administrador: str) -> None:
    reformado = texto_incluido("cff-extractos.txt").replace("por estrados", "por tablero")
    do_agregar_version(
        alta(fecha_dof=date(2025, 1, 2), vigente_desde=date(2025, 1, 3)),
        reformado,
        por=administrador,
    )
    # Today the reform is in force: «tablero» in 139, and «estrados» only where it stayed (134).
    assert "Artículo 139" in por_articulo("tablero")
    assert "Artículo 139" not in por_articulo("estrados")
    # The old version stays searchable, by number or by a date before the reform.
    assert "Artículo 139" in por_articulo("estrados", clave="cff", version=1)
    assert "Artículo 139" in por_articulo("estrados", fecha=date(2024, 6, 1))
    assert por_articulo("tablero", fecha=date(2024, 6, 1)) == {}
    # Before the first version was in force there is nothing to search.
    assert buscar("estrados", fecha=date(2020, 1, 1)) == []


def test_version_pide_el_texto(cff: ResultadoAlta) -> None:
    with pytest.raises(ErrorNormatividad) as error:
        buscar("estrados", version=1)
    assert error.value.campo == "clave"
    with pytest.raises(ErrorNormatividad) as error:
        buscar("estrados", clave="cff", version=9)
    assert error.value.estado == 404


def test_el_indice_sigue_a_los_articulos(cff: ResultadoAlta) -> None:
    """PostgreSQL: the stored vector has its GIN index and the search can use it; SQLite: the
    FTS5 table has one row per article, written by the service."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM normatividad_articulo "
                "WHERE vector @@ plainto_tsquery('spanish', 'estrados')"
            )
            plan = " ".join(str(fila[0]) for fila in cursor.fetchall())
            assert "normatividad_articulo_fts" in plan
        else:
            cursor.execute("SELECT rowid FROM normatividad_fts ORDER BY rowid")
            filas = [int(f[0]) for f in cursor.fetchall()]
            assert filas == sorted(Articulo.objects.values_list("id", flat=True))
