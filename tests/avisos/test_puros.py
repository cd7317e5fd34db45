"""The pure rules: destinations, the no-link rule and the texts (no database)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.avisos import plantillas, validacion
from buzon.avisos.validacion import (
    ErrorAviso,
    enlace_en,
    exigir_sin_enlaces,
    normalizar_celular,
    normalizar_correo,
)
from buzon.legal.rfc import enmascarar_rfc

RFC = "PEMJ800101AB1"


@pytest.mark.parametrize(
    "texto",
    [
        "Entre a buzon.imss.gob.mx hoy",
        "http://ejemplo",
        "HTTPS://x",
        "visite www.imss",
        "bit.ly/abc",
        "t.co",
        "ftp://archivo",
        "escriba a alguien@correo.mx",
        "buzón.mx",
    ],
)
def test_detecta_enlaces_y_dominios(texto: str) -> None:
    assert enlace_en(texto) is not None


@pytest.mark.parametrize(
    "texto",
    ["su e.firma", "S.A. de C.V.", "10.5 %", "RFC PEM*******AB1", "9.30 h", "Buzón IMSS."],
)
def test_no_confunde_texto_normal_con_enlaces(texto: str) -> None:
    assert enlace_en(texto) is None


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("5512345678", "+525512345678"),
        ("55 1234-5678", "+525512345678"),
        ("+52 55 1234 5678", "+525512345678"),
        ("525512345678", "+525512345678"),
    ],
)
def test_celular_a_e164(valor: str, esperado: str) -> None:
    assert normalizar_celular(valor) == esperado


@pytest.mark.parametrize("valor", ["12345", "0512345678", "+15512345678", "55123456789", ""])
def test_celular_invalido(valor: str) -> None:
    with pytest.raises(ErrorAviso) as error:
        normalizar_celular(valor)
    assert error.value.campo == "destino"
    assert "10 dígitos" in error.value.mensaje


def test_correo() -> None:
    assert normalizar_correo(" Ana@Ejemplo.MX ") == "Ana@ejemplo.mx"
    for malo in ["ana", "ana@", "ana @x.mx", "ana@x", "a@b@c.mx", ""]:
        with pytest.raises(ErrorAviso):
            normalizar_correo(malo)


@given(st.from_regex(r"[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}", fullmatch=True))
def test_la_mascara_deja_ver_solo_los_extremos(rfc: str) -> None:
    enmascarado = enmascarar_rfc(rfc)
    assert enmascarado == rfc[:3] + "*" * (len(rfc) - 6) + rfc[-3:]
    assert enmascarado in plantillas.sms_codigo("Ana", rfc, "123456")


def _es_gsm(texto: str) -> bool:
    return all(c in plantillas.GSM_BASICO for c in texto)


@given(
    nombre=st.text(min_size=1, max_size=120).filter(
        lambda s: s.strip() and enlace_en(" ".join(s.split())) is None
    )
)
def test_sms_de_codigo_cabe_en_un_segmento_gsm(nombre: str) -> None:
    texto = plantillas.sms_codigo(nombre, RFC, "012345")
    assert len(texto) <= 160
    assert _es_gsm(texto)
    assert "012345" in texto
    assert "PEM*******AB1" in texto
    assert "e.firma" in texto
    assert enlace_en(texto) is None


def test_sms_de_codigo_nombra_a_la_persona() -> None:
    texto = plantillas.sms_codigo("María Ñúñez", RFC, "123456")
    assert "Maria Ñuñez" in texto  # í is not GSM, ñ is
    assert "72 h" in texto


def test_sms_de_aviso() -> None:
    texto = plantillas.sms_aviso_notificacion(
        "COMERCIALIZADORA DEL NORTE SA DE CV", RFC, "BZN-2026-000123"
    )
    assert len(texto) <= 160
    assert _es_gsm(texto)
    assert "BZN-2026-000123" in texto and "3 dias habiles" in texto
    # No date: the three días run from this message's acceptance, unknown when it is written.
    assert not re.search(r"\d{1,2}/\d{2}/\d{4}", texto)
    assert "COMERCIA" in texto


def test_correo_de_codigo() -> None:
    texto = plantillas.correo_codigo("María Pérez", RFC, "654321")
    assert "PEM*******AB1" in texto.asunto and RFC not in texto.cuerpo
    cuerpo = texto.cuerpo
    assert cuerpo.startswith("María Pérez:")
    assert "654321" in cuerpo and "72 horas" in cuerpo
    assert "No responda este correo" in cuerpo
    assert "nunca le pedirá su contraseña ni su e.firma" in cuerpo
    assert "entrando usted mismo al Buzón IMSS" in cuerpo
    assert enlace_en(texto.asunto + cuerpo) is None


def test_correo_de_aviso() -> None:
    texto = plantillas.correo_aviso_notificacion(
        "María Pérez",
        RFC,
        "BZN-2026-000123",
        registro_patronal="Y5412345100",
    )
    assert "BZN-2026-000123" in texto.asunto
    assert "3 días hábiles" in texto.cuerpo and "cuarto día hábil" in texto.cuerpo
    assert "Las fechas exactas aparecen en su Buzón" in texto.cuerpo
    assert "Y5412345100" in texto.cuerpo and "PEM*******AB1" in texto.cuerpo
    assert enlace_en(texto.asunto + texto.cuerpo) is None


@pytest.mark.parametrize("codigo", ["12345", "1234567", "12a456", " 123456"])
def test_codigo_de_seis_digitos(codigo: str) -> None:
    with pytest.raises(ErrorAviso) as error:
        plantillas.correo_codigo("Ana", RFC, codigo)
    assert error.value.campo == "codigo"


def test_un_nombre_con_dominio_no_se_cuela() -> None:
    """A name is data we did not write: its domain is defused, the message still goes."""
    for nombre in ("Ana visite imss-pagos.com", "DESPEGAR.COM MEXICO SA DE CV", "x bit.ly/abc"):
        sms = plantillas.sms_codigo(nombre, RFC, "123456")
        correo = plantillas.correo_codigo(nombre, RFC, "123456")
        for texto in (sms, correo.asunto, correo.cuerpo):
            assert enlace_en(texto) is None, texto
    assert (
        "DESPEGAR COM MEXICO"
        in plantillas.correo_codigo("DESPEGAR.COM MEXICO SA DE CV", RFC, "123456").cuerpo
    )


def _referencia(texto: str) -> str | None:
    """`enlace_en` as it was before its pre-filters: the three patterns over the whole text."""
    for patron in (validacion._ESQUEMA, validacion._WWW):
        hallazgo = patron.search(texto)
        if hallazgo:
            return hallazgo.group(0)
    for hallazgo in validacion._DOMINIO.finditer(texto):
        if hallazgo.group(0).lower() not in validacion._NO_SON_DOMINIOS:
            return hallazgo.group(0)
    return None


_PIEZAS = st.sampled_from(
    [" ", "\n", ".", "-", "_", "a", "Z", "é", "ñ", "1", "://", "www", "WWW.", "mx", "e.firma",
     "gob", "http", "t.co", "$1,234.56", "\r", "ß", "İ", "K"]
)  # fmt: skip
_TEXTOS = st.lists(_PIEZAS, max_size=25).map("".join) | st.text(max_size=60)


@given(_TEXTOS)
def test_los_prefiltros_no_cambian_lo_que_se_encuentra(texto: str) -> None:
    assert enlace_en(texto) == _referencia(texto)


@given(st.lists(_TEXTOS, min_size=1, max_size=4))
def test_revisar_por_lineas_equivale_a_revisar_el_texto(textos: list[str]) -> None:
    """A batch's shared set of clean lines refuses exactly the texts the whole-text check does,
    and names the same first link."""
    limpias: set[str] = set()
    for texto in textos:
        esperado = enlace_en(texto)
        if esperado is None:
            exigir_sin_enlaces(texto, "cuerpo", limpias)
            continue
        with pytest.raises(ErrorAviso, match=re.escape(f"«{esperado}»")):
            exigir_sin_enlaces(texto, "cuerpo", limpias)


@given(st.text(), st.text(), st.text(), st.text())
def test_la_huella_es_la_de_siempre(canal: str, destino: str, asunto: str, cuerpo: str) -> None:
    """The outbox's content hash is still SHA-256 of json.dumps (stored rows keep matching)."""
    import hashlib
    import json

    from buzon.avisos.servicios import huella

    texto = json.dumps([canal, destino, asunto, cuerpo], ensure_ascii=False, separators=(",", ":"))
    assert huella(canal, destino, asunto, cuerpo) == hashlib.sha256(texto.encode()).hexdigest()
