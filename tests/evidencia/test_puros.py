"""Cadena original, folios and Merkle roots: pure rules, checked exhaustively or by hypothesis."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from buzon.evidencia import cadena, merkle
from buzon.evidencia.folio import ALFABETO, normalizar_folio, nuevo_folio

EMITIDO = datetime(2026, 3, 20, 15, 30, tzinfo=UTC)


def _cadena(datos: dict[str, cadena.Valor], rfc: str = "AAA010101AAA") -> str:
    return cadena.construir(
        tipo="actuacion",
        folio="2026-AAAA-BBBB-CCCDD",
        rfc=rfc,
        registro_patronal=None,
        emitido=EMITIDO,
        instante_legal=None,
        zona_legal=None,
        documentos=[cadena.Documento("a|b.pdf", "0" * 64)],
        datos=datos,
    )


def test_formato_de_la_cadena() -> None:
    texto = _cadena({"asunto": "Línea 1\nLínea|2", "anexos": ["x,y", "z"], "urgente": True})
    assert texto == (
        "||BUZON-ACUSE-1|tipo=actuacion|folio=2026-AAAA-BBBB-CCCDD|rfc=AAA010101AAA"
        "|registro_patronal=|emitido=2026-03-20T15:30:00+00:00|instante_legal=|zona_legal="
        "|documentos=1"
        f"|documento=a\\|b.pdf:{'0' * 64}|anexos=x\\,y,z|asunto=Línea 1\\nLínea\\|2|urgente=si||"
    )


textos = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@given(
    st.dictionaries(st.sampled_from(["a", "b", "asunto"]), textos, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "asunto"]), textos, max_size=3),
)
def test_hechos_distintos_dan_cadenas_distintas(
    uno: dict[str, cadena.Valor], otro: dict[str, cadena.Valor]
) -> None:
    if uno != otro:
        assert _cadena(uno) != _cadena(otro)


@given(textos, textos)
def test_separadores_en_valores_no_se_confunden(a: str, b: str) -> None:
    # Moving text between two adjacent fields must always change the cadena.
    if (a, b) != (a + b, ""):
        assert _cadena({"a": a, "b": b}) != _cadena({"a": a + b, "b": ""})


def test_folio_bien_formado_y_unico() -> None:
    folios = {nuevo_folio(2026) for _ in range(2000)}
    assert len(folios) == 2000
    for folio in list(folios)[:50]:
        assert normalizar_folio(folio) == folio
        assert normalizar_folio(folio.lower()) == folio


@given(st.integers(min_value=0, max_value=19), st.sampled_from(ALFABETO))
def test_folio_detecta_un_caracter_equivocado(posicion: int, otro: str) -> None:
    folio = nuevo_folio(2026)
    if folio[posicion] in "-" or folio[posicion] == otro:
        return
    alterado = folio[:posicion] + otro + folio[posicion + 1 :]
    assert normalizar_folio(alterado) is None


def test_folio_detecta_transposiciones_y_basura() -> None:
    for _ in range(300):
        folio = nuevo_folio(2026)
        assert re.fullmatch(r"2026-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}", folio)
        assert not set(folio) & set("ILOU")
        cuerpo = [i for i in range(19) if folio[i] != "-" and folio[i + 1] != "-"]
        for i in cuerpo:
            if folio[i] != folio[i + 1]:
                cambiado = folio[:i] + folio[i + 1] + folio[i] + folio[i + 2 :]
                assert normalizar_folio(cambiado) is None
    for basura in ["", "2026", "2026-AAAA-BBBB", "../../etc", "2026-AAAA-BBBB-CCCC$"]:
        assert normalizar_folio(basura) is None


def _mth(hojas: list[bytes]) -> bytes:
    """RFC 6962 2.1, literally: split at the largest power of two smaller than n."""
    if not hojas:
        return hashlib.sha256(b"").digest()
    if len(hojas) == 1:
        return hashlib.sha256(b"\x00" + hojas[0]).digest()
    k = 1
    while k * 2 < len(hojas):
        k *= 2
    return hashlib.sha256(b"\x01" + _mth(hojas[:k]) + _mth(hojas[k:])).digest()


@given(st.lists(st.binary(min_size=32, max_size=32), max_size=70))
def test_raiz_merkle_igual_a_rfc_6962(hojas: list[bytes]) -> None:
    assert merkle.raiz(hojas) == _mth(hojas)


def test_un_dato_no_puede_hacerse_pasar_por_documento() -> None:
    import pytest

    for clave in ("documento", "documentos", "rfc", "tipo"):
        with pytest.raises(ValueError, match="clave de dato inválida"):
            _cadena({clave: "x"})
    uno = cadena.construir(
        tipo="actuacion",
        folio="F",
        rfc="R",
        registro_patronal=None,
        emitido=EMITIDO,
        instante_legal=None,
        zona_legal=None,
        documentos=[cadena.Documento("a.pdf", "0" * 64), cadena.Documento("b.pdf", "1" * 64)],
        datos={},
    )
    assert "|documentos=2|" in uno


def test_folio_con_digitos_no_ascii() -> None:
    assert normalizar_folio("٢٠٢٦-AAAA-BBBB-CCCDD") is None
    assert normalizar_folio("２０２６-AAAA-BBBB-CCCDD") is None
