"""The pure modules: content sniffing and safe names (anexos), trámite declarations (esquemas) and
datos (validacion), the cadena, and the form generated from a schema (formulario)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.actuaciones import anexos, cadena, formulario
from buzon.actuaciones.catalogo import declaraciones_base
from buzon.actuaciones.esquemas import Declaracion, ErrorDeclaracion, leer_declaracion
from buzon.actuaciones.validacion import canonico, validador, validar_datos
from buzon.legal.zonas import ZONA_CENTRO
from tests.actuaciones.fixtures import ICSOE, ICSOE_2024, pdf, pdf_cifrado, png, zip_bomba

SOLO_PDF = anexos.Reglas((anexos.PDF,), 1024 * 1024)
TODOS = anexos.Reglas((anexos.PDF, anexos.PNG, anexos.JPEG), 1024 * 1024)
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 40
    + (b"\xff\xd9")
)


def _icsoe(version: str) -> Declaracion:
    return next(d for d in declaraciones_base() if (d.clave, d.version) == ("icsoe", version))


def _declaracion(clave: str = "icsoe") -> dict[str, Any]:
    """The oldest shipped version of `clave` (for icsoe, 2024-08-05: a flat schema)."""
    base = next(d for d in declaraciones_base() if d.clave == clave)
    copia: dict[str, Any] = json.loads(json.dumps(base.como_json()))
    return copia


# --- anexos --------------------------------------------------------------------------------------


def test_el_tipo_sale_del_contenido() -> None:
    assert anexos.tipo_por_contenido(pdf()) == anexos.PDF
    assert anexos.tipo_por_contenido(png()) == anexos.PNG
    assert anexos.tipo_por_contenido(JPEG) == anexos.JPEG
    assert anexos.tipo_por_contenido(zip_bomba()) is None
    assert anexos.tipo_por_contenido(b"<?xml version='1.0'?><a/>") is None
    assert anexos.tipo_por_contenido(b" %PDF-1.7") is None  # the magic must open the file


def test_pdf_bien_formado_danado_o_cifrado() -> None:
    assert anexos.revisar_contenido(pdf(), SOLO_PDF, "x") == anexos.PDF
    original = pdf()
    desplazado = original.replace(b"startxref\n", b"startxref\n9")  # offset past the end
    for roto in (original[:-30], original.replace(b"%%EOF", b"%%EOX"), desplazado):
        with pytest.raises(anexos.ErrorAnexo) as exc:
            anexos.revisar_contenido(roto, SOLO_PDF, "anexos[0].contenido")
        assert (exc.value.codigo, exc.value.campo) == ("anexo_danado", "anexos[0].contenido")
    with pytest.raises(anexos.ErrorAnexo) as cifrado:
        anexos.revisar_contenido(pdf_cifrado(), SOLO_PDF, "c")
    assert cifrado.value.codigo == "anexo_cifrado"
    referencia = pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R")
    with pytest.raises(anexos.ErrorAnexo):
        anexos.revisar_contenido(referencia, SOLO_PDF, "c")


def test_limite_de_tamano_y_tipos_de_la_regla() -> None:
    with pytest.raises(anexos.ErrorAnexo) as grande:
        anexos.revisar_contenido(pdf(relleno=1024 * 1024), SOLO_PDF, "c")
    assert grande.value.codigo == "anexo_demasiado_grande"
    assert "1 MB" in grande.value.mensaje
    with pytest.raises(anexos.ErrorAnexo) as png_no:
        anexos.revisar_contenido(png(), SOLO_PDF, "c")
    assert "es PNG" in png_no.value.mensaje
    assert anexos.revisar_contenido(png(), TODOS, "c") == anexos.PNG
    assert anexos.revisar_contenido(JPEG, TODOS, "c") == anexos.JPEG
    with pytest.raises(anexos.ErrorAnexo):
        anexos.revisar_contenido(png()[:-12], TODOS, "c")  # no IEND: truncated


@pytest.mark.parametrize(
    "nombre",
    [
        "../x.pdf",
        "a/b.pdf",
        "a\\b.pdf",
        "..",
        ".",
        ".oculto.pdf",
        "x\x00.pdf",
        "x\n.pdf",
        "x\u202e.pdf",
        "x\u200b.pdf",
        "",
        "   ",
        "a" * 181 + ".pdf",
    ],
)
def test_nombres_peligrosos(nombre: str) -> None:
    with pytest.raises(anexos.ErrorAnexo) as exc:
        anexos.revisar_nombre(nombre, "anexos[1].nombre")
    assert exc.value.campo == "anexos[1].nombre"


def test_nombres_validos_se_normalizan() -> None:
    assert anexos.revisar_nombre("  Cédula 2026 (1).pdf ", "n") == "Cédula 2026 (1).pdf"
    assert anexos.revisar_nombre("Ce\u0301dula.pdf", "n") == "Cédula.pdf"  # NFC


@given(st.text(max_size=300))
def test_todo_nombre_aceptado_es_un_solo_componente_imprimible(nombre: str) -> None:
    try:
        limpio = anexos.revisar_nombre(nombre, "n")
    except anexos.ErrorAnexo:
        return
    assert "/" not in limpio and "\\" not in limpio and not limpio.startswith(".")
    assert all(c.isprintable() or c == " " for c in limpio)
    assert 0 < len(limpio) <= anexos.LARGO_MAXIMO_NOMBRE


# --- esquemas ------------------------------------------------------------------------------------


def test_las_declaraciones_de_fabrica_se_leen() -> None:
    claves = {d.clave for d in declaraciones_base()}
    assert claves == {
        "aclaracion-buzon",
        "aclaracion-cobranza",
        "respuesta-requerimiento",
        "icsoe",
        "denuncia-patron",
        "determinacion-prima-rt",
    }
    for d in declaraciones_base():
        assert leer_declaracion(canonico(d.como_json())) == d, (d.clave, d.version)
    versiones = [d.version for d in declaraciones_base() if d.clave == "icsoe"]
    assert versiones == ["2024-08-05", "2026-12-03"]  # loaded in this order: the newest vigente


def _errores_de_declaracion() -> Iterator[tuple[dict[str, Any], str]]:
    def con(cambio: Any) -> dict[str, Any]:
        doc = _declaracion()
        cambio(doc)
        return doc

    yield con(lambda d: d.update(formato="otro")), "formato"
    yield con(lambda d: d.update(clave="Con Espacios")), "clave"
    yield con(lambda d: d.update(version="")), "version"
    yield con(lambda d: d.update(promovente="nadie")), "promovente"
    yield con(lambda d: d.update(requiere_habilitacion="si")), "requiere_habilitacion"
    yield con(lambda d: d["esquema"].pop("additionalProperties")), "esquema"
    yield (
        con(lambda d: d["esquema"]["properties"]["registro_stps"].pop("maxLength")),
        ("esquema.properties.registro_stps.maxLength"),
    )
    yield (
        con(lambda d: d["esquema"]["properties"]["contratos"].pop("maxItems")),
        ("esquema.properties.contratos.maxItems"),
    )
    yield (
        con(lambda d: d["esquema"]["properties"]["ejercicio"].pop("title")),
        ("esquema.properties.ejercicio.title"),
    )
    yield con(lambda d: d["esquema"]["properties"]["ejercicio"].update(minimum="x")), "esquema"
    yield (
        con(lambda d: d["esquema"]["properties"]["ejercicio"].update(type="fecha")),
        ("esquema.properties.ejercicio.type"),
    )
    yield (
        con(lambda d: d["esquema"]["properties"]["registro_stps"].update(format="url")),
        ("esquema.properties.registro_stps.format"),
    )
    yield con(lambda d: d.update(requerimiento="no_existe")), "requerimiento"
    yield con(lambda d: d["anexos"].update(tipos=["application/zip"])), "anexos.tipos"
    yield con(lambda d: d["anexos"].update(maximo_bytes=10**9)), "anexos.maximo_bytes"
    yield con(lambda d: d["anexos"].update(minimo=5, maximo=2)), "anexos"
    # CSV needs its row rules named, and the rules need CSV among the types
    yield con(lambda d: d["anexos"].update(tipos=[anexos.PDF, anexos.CSV])), "anexos.tabla"
    yield con(lambda d: d["anexos"].update(tabla="icsoe-trabajadores")), "anexos.tabla"
    yield (
        con(lambda d: d["anexos"].update(tipos=[anexos.CSV], tabla="otra-tabla")),
        "anexos.tabla",
    )


@pytest.mark.parametrize(("doc", "campo"), list(_errores_de_declaracion()))
def test_declaraciones_invalidas_nombran_la_parte(doc: dict[str, Any], campo: str) -> None:
    with pytest.raises(ErrorDeclaracion) as exc:
        leer_declaracion(json.dumps(doc))
    assert exc.value.campo == campo
    assert exc.value.mensaje


def test_validar_datos_reporta_todos_los_campos() -> None:
    esquema = _icsoe("2024-08-05").esquema
    contratos = [
        {**ICSOE_2024["contratos"][0], "rfc_contratante": "XAXX01010100"},
        {
            "nombre_contratante": "SIN RFC",
            "objeto": "x",
            "fecha_inicio": "2026-13-01",
            "trabajadores": 3,
        },
    ]
    _, errores = validar_datos(esquema, {**ICSOE_2024, "ejercicio": 1999, "contratos": contratos})
    por_campo = {e.campo: e.codigo for e in errores}
    assert por_campo == {
        "ejercicio": "fuera_de_rango",
        "contratos[0].rfc_contratante": "formato_invalido",
        "contratos[1].rfc_contratante": "requerido",
        "contratos[1].fecha_inicio": "formato_invalido",
    }
    rfc = next(e for e in errores if e.campo == "contratos[0].rfc_contratante")
    assert "no es un RFC válido" in rfc.mensaje


def test_numeros_no_finitos_y_datos_que_no_son_objeto() -> None:
    esquema = _icsoe("2024-08-05").esquema
    _, errores = validar_datos(esquema, {**ICSOE_2024, "ejercicio": float("nan")})
    assert [(e.campo, e.codigo) for e in errores] == [("ejercicio", "numero_invalido")]
    _, errores = validar_datos(esquema, [1, 2])
    assert errores[0].codigo == "tipo_invalido"


def test_forma_canonica() -> None:
    assert canonico({"b": 1, "a": {"ñ": "sí", "c": [2, 1]}}) == '{"a":{"c":[2,1],"ñ":"sí"},"b":1}'
    with pytest.raises(ValueError, match="JSON"):
        canonico({"x": float("inf")})


# --- cadena --------------------------------------------------------------------------------------


def test_la_cadena_escapa_separadores() -> None:
    texto = cadena.construir(
        borrador="ab" * 16,
        rfc="H&E951128469",
        registro_patronal="",
        tramite="icsoe",
        version="1",
        creada=datetime(2026, 12, 1, 10, 0, tzinfo=ZONA_CENTRO),
        datos_canonicos='{"a":"x|y\\\\z"}',
        anexos=[("con|barra.pdf", "a" * 64)],
    )
    assert texto.startswith(
        f"||BUZON-ACTUACION-1|borrador={'ab' * 16}|rfc=H&E951128469|registro_patronal=|"
    )
    assert "|creada=2026-12-01T10:00:00-06:00|" in texto
    assert '|datos={"a":"x\\|y\\\\\\\\z"}|' in texto
    assert texto.endswith(f"|anexos=1|anexo=con\\|barra.pdf:{'a' * 64}||")
    # no unescaped separator inside values: splitting on unescaped | gives the fixed fields
    campos = texto.strip("|").replace("\\\\", "").replace("\\|", "").split("|")
    assert [c.split("=")[0] for c in campos] == [
        "BUZON-ACTUACION-1",
        "borrador",
        "rfc",
        "registro_patronal",
        "tramite",
        "version",
        "creada",
        "datos_sha256",
        "datos",
        "anexos",
        "anexo",
    ]


#: Text rich in what the cadena escapes or splits on.
_TEXTO = st.text(
    st.sampled_from(list("|\\:=\r\na")) | st.characters(codec="utf-8"),
    max_size=40,
)


@given(
    datos=_TEXTO,
    nombres=st.lists(_TEXTO, max_size=6),
    registro=st.sampled_from(["", "Y5412345108"]),
)
def test_los_anexos_se_leen_de_la_cadena_tal_como_se_escribieron(
    datos: str, nombres: list[str], registro: str
) -> None:
    """do_firmar takes the acuse's documents from the signed cadena: reading them back gives
    exactly the (nombre, sha256) list it was built from, whatever the names and datos hold."""
    anexos_escritos = [(n, f"{i:064x}") for i, n in enumerate(nombres)]
    texto = cadena.construir(
        borrador="ab" * 16,
        rfc="H&E951128469",
        registro_patronal=registro,
        tramite="icsoe",
        version="1",
        creada=datetime(2026, 12, 1, 10, 0, tzinfo=ZONA_CENTRO),
        datos_canonicos=canonico({"x": datos, "y": "|anexos=0|anexo=a:b\\"}),
        anexos=anexos_escritos,
    )
    assert cadena.anexos_de(texto) == anexos_escritos


@pytest.mark.parametrize(
    "texto",
    [
        "",
        "||otra cosa||",
        "||BUZON-ACTUACION-1|datos={}||",  # no anexos=N
        "||BUZON-ACTUACION-1|datos={}|anexos=2|anexo=a.pdf:" + "a" * 64 + "||",  # one short
        "||BUZON-ACTUACION-1|anexos=1|anexo=sin-huella||",
        "||BUZON-ACTUACION-1|anexos=1|anexo=mal\\xescape.pdf:" + "a" * 64 + "||",
    ],
)
def test_una_cadena_ajena_no_da_anexos(texto: str) -> None:
    with pytest.raises(ValueError, match="cadena de actuación"):
        cadena.anexos_de(texto)


def test_un_validador_por_esquema() -> None:
    """The compiled validator is reused for the same schema object and shared by equal ones; a
    different schema gets its own."""
    icsoe = _icsoe("2024-08-05").esquema
    assert validador(icsoe) is validador(icsoe)
    assert validador(json.loads(json.dumps(icsoe))) is validador(icsoe)
    otro = json.loads(json.dumps(icsoe))
    otro["properties"]["ejercicio"]["maximum"] = 2000
    assert validador(otro) is not validador(icsoe)
    assert validar_datos(icsoe, ICSOE_2024)[1] == []
    assert [e.campo for e in validar_datos(otro, ICSOE_2024)[1]] == ["ejercicio"]


# --- formulario ----------------------------------------------------------------------------------


def _planos(campos: list[formulario.Campo]) -> Iterator[formulario.Campo]:
    for c in campos:
        if c.control in ("grupo", "lista"):
            yield from _planos(c.hijos)
        else:
            yield c


def test_el_formulario_de_la_icsoe_y_su_vuelta_a_datos() -> None:
    esquema = _icsoe("2024-08-05").esquema
    campos = formulario.campos(esquema, ICSOE_2024)
    por_nombre = {c.nombre: c for c in _planos(campos)}
    assert por_nombre["contratos[0].rfc_contratante"].valor == "H&E951128469"
    assert por_nombre["contratos[0].fecha_inicio"].control == "fecha"
    assert por_nombre["contratos[0].objeto"].control == "area"
    assert por_nombre["contratos[0].trabajadores"].control == "entero"
    assert por_nombre["cuatrimestre"].opciones == [
        "enero-abril",
        "mayo-agosto",
        "septiembre-diciembre",
    ]
    lista = next(c for c in campos if c.nombre == "contratos")
    assert lista.plantilla is not None
    assert lista.plantilla.hijos[0].nombre == "contratos[__i__].rfc_contratante"
    enviado = {c.nombre: c.valor for c in por_nombre.values()}
    assert formulario.leer(esquema, enviado) == ICSOE_2024


def test_leer_formulario_filas_vacias_y_numeros_mal_escritos() -> None:
    esquema = _icsoe("2024-08-05").esquema
    enviado = {
        "ejercicio": "dos mil",
        "cuatrimestre": "",
        "contratos[0].rfc_contratante": "",
        "contratos[0].trabajadores": "",
        "contratos[3].rfc_contratante": "H&E951128469",
        "contratos[3].trabajadores": "4",
    }
    datos = formulario.leer(esquema, enviado)
    assert datos == {
        "ejercicio": "dos mil",
        "contratos": [{"rfc_contratante": "H&E951128469", "trabajadores": 4}],
    }
    _, errores = validar_datos(esquema, datos)
    errores_por_campo = {e.campo: e.mensaje for e in errores}
    campos = formulario.campos(esquema, datos, errores_por_campo, {"contratos": 1})
    por_nombre = {c.nombre: c for c in _planos(campos)}
    assert por_nombre["ejercicio"].error == "Debe ser un número entero."
    assert por_nombre["ejercicio"].valor == "dos mil"
    assert por_nombre["contratos[0].objeto"].error == "Este dato es obligatorio."
    assert "contratos[1].rfc_contratante" in por_nombre  # the extra row asked for


def test_lectura_de_datos_con_titulos() -> None:
    esquema = _icsoe("2024-08-05").esquema
    datos = formulario.lectura(esquema, ICSOE_2024)
    assert datos[0].etiqueta == "Ejercicio (año)" and datos[0].valor == "2026"
    contratos = next(d for d in datos if d.columnas)
    assert contratos.columnas[0] == "RFC del beneficiario (contratante)"
    assert contratos.filas[0][0] == "H&E951128469"
    assert contratos.filas[0][4] == ""  # fecha_fin absent


def test_la_icsoe_vigente_formulario_y_lectura() -> None:
    """Version 2026-12-03: the provider as a fieldset (`prestador.rfc`), contracts as rows."""
    esquema = _icsoe("2026-12-03").esquema
    assert validar_datos(esquema, ICSOE)[1] == []
    faltan = {e.campo for e in validar_datos(esquema, ICSOE_2024)[1] if e.codigo == "requerido"}
    assert {"prestador", "contratos[0].numero", "contratos[0].fecha_fin"} <= faltan
    campos = formulario.campos(esquema, ICSOE)
    por_nombre = {c.nombre: c for c in _planos(campos)}
    assert por_nombre["prestador.rfc"].valor == "SEN100101AB3"
    assert por_nombre["contratos[0].fecha_fin"].control == "fecha"
    enviado = {c.nombre: c.valor for c in por_nombre.values()}
    assert formulario.leer(esquema, enviado) == ICSOE
    lectura = formulario.lectura(esquema, ICSOE)
    prestador = next(d for d in lectura if d.hijos)
    assert prestador.etiqueta == "Quien presta el servicio o ejecuta la obra"
    assert prestador.hijos[1].valor == "SEN100101AB3"


def test_un_csv_se_reconoce_por_su_contenido() -> None:
    assert anexos.tipo_por_contenido(b"contrato,nombre\r\nC-1,ANA\r\n") == anexos.CSV
    assert anexos.tipo_por_contenido("\ufeffa,b\n1,2\n".encode()) == anexos.CSV  # with BOM
    for no_es in (b"sin comas\n", b"<p>a,b</p>", b"%PDF,1\n", b"a,b\x00\n", b"\xff\xfea,b"):
        assert anexos.tipo_por_contenido(no_es) is None, no_es
    reglas = anexos.Reglas((anexos.PDF, anexos.CSV), 1024, tabla="icsoe-trabajadores")
    valido = anexos.revisar_anexo("relacion.csv", b"a,b\n", reglas, "anexos[0]")
    assert valido.tipo_mime == anexos.CSV
    with pytest.raises(anexos.ErrorAnexo) as exc:
        anexos.revisar_anexo("relacion.txt", b"a,b\n", reglas, "anexos[0]")
    assert (exc.value.codigo, exc.value.campo) == ("anexo_extension", "anexos[0].nombre")
