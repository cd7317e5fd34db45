"""Reading and checking the register file, without a database."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from buzon.legal.errores import ErrorLegal
from buzon.padron.archivo import ErrorArchivo, leer_padron
from buzon.padron.filas import (
    COLUMNAS,
    ZONAS_DE_MEXICO,
    ErrorFila,
    FilaPadron,
    normalizar_entidad,
    normalizar_registro,
    normalizar_zona,
    validar_fila,
)
from tests.padron.ayudas import RFC_AMP, RFC_ENE, escribir, fila


def celdas(**cambios: str) -> dict[str, str]:
    return dict(zip(COLUMNAS, fila(**cambios), strict=True))


def test_fila_buena_normalizada() -> None:
    resultado = validar_fila(
        7,
        {
            "rfc": " añb800101ab1 ",
            "nombre": "  Ñandú & Cía  ",
            "registro_patronal": "y54-12345-10-8",
            "entidad": "mx-cmx",
            "subdelegacion": " 01 ",
            "zona_horaria": "america/mexico_city",
        },
    )
    assert resultado == FilaPadron(
        7, RFC_ENE, "Ñandú & Cía", "Y5412345108", "CMX", "01", "America/Mexico_City"
    )


@pytest.mark.parametrize("valor", ["Y5412345108", "15412345108", "A0000000000"])
def test_registro_valido(valor: str) -> None:
    assert normalizar_registro(valor) == valor


@pytest.mark.parametrize(
    "valor", ["Y541234510", "Y54123451089", "YY412345108", "Y54123451O8", "Ñ5412345108", "", "  "]
)
def test_registro_invalido(valor: str) -> None:
    with pytest.raises(ErrorLegal, match="registro patronal") as error:
        normalizar_registro(valor)
    assert error.value.campo == "registro_patronal"
    assert "Y5412345108" in error.value.mensaje  # an example of what to write


def test_entidad() -> None:
    assert normalizar_entidad(" jal ") == "JAL"
    assert normalizar_entidad("MX-NLE") == "NLE"
    with pytest.raises(ErrorLegal, match="no es una entidad federativa"):
        normalizar_entidad("XYZ")
    with pytest.raises(ErrorLegal, match="escriba CMX"):
        normalizar_entidad("DIF")
    with pytest.raises(ErrorLegal, match="falta la entidad"):
        normalizar_entidad("")


def _enlaces() -> dict[str, str]:
    texto = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("ascii")
    return {p[2]: p[1] for p in (r.split() for r in texto.splitlines()) if p[:1] == ["L"]}


def test_zonas_de_mexico_y_sus_alias_de_tzdata() -> None:
    for nombre in ZONAS_DE_MEXICO:
        assert normalizar_zona(nombre) == nombre
        assert normalizar_zona(nombre.upper()) == nombre
    alias = {a: d for a, d in _enlaces().items() if d in ZONAS_DE_MEXICO}
    assert alias, "tzdata ya no trae alias de zonas de México: revise esta prueba"
    for nombre, destino in alias.items():
        assert normalizar_zona(nombre) == destino
    # An alias of a zone outside Mexico (America/Atikokan -> America/Panama…) is not accepted.
    ajeno = next(
        a for a, d in _enlaces().items() if d.startswith("America/") and d not in ZONAS_DE_MEXICO
    )
    with pytest.raises(ErrorLegal):
        normalizar_zona(ajeno)


@pytest.mark.parametrize(
    ("valor", "texto"),
    [
        ("America/Bogota", "no es una zona horaria de México"),
        ("UTC", "no es una zona horaria de México"),
        ("America/Ciudad_Gotica", "no es una zona horaria IANA"),
        ("../../etc/passwd", "no es una zona horaria IANA"),
        ("-06:00", "no es una zona horaria IANA"),
        ("", "falta la zona horaria"),
    ],
)
def test_zona_rechazada(valor: str, texto: str) -> None:
    with pytest.raises(ErrorLegal, match=texto) as error:
        normalizar_zona(valor)
    assert error.value.campo == "zona_horaria"
    assert "America/Mexico_City" in error.value.mensaje


def test_fila_con_varios_errores_es_un_solo_mensaje() -> None:
    with pytest.raises(ErrorFila) as error:
        validar_fila(12, celdas(rfc="XYZ", nombre=" ", subdelegacion=""))
    assert [c for c, _ in error.value.problemas] == ["rfc", "nombre", "subdelegacion"]
    mensaje = str(error.value)
    assert mensaje.startswith("línea 12, columna «rfc»: «XYZ» no es un RFC válido")
    assert "\n" not in mensaje
    assert "columna «nombre»: falta el nombre" in mensaje
    assert "columna «subdelegacion»: falta la subdelegación" in mensaje


def test_nombre_demasiado_largo() -> None:
    with pytest.raises(ErrorFila, match="el máximo es 300"):
        validar_fila(2, celdas(nombre="x" * 301))


def _leer(ruta: Path) -> tuple[int, list[str], list[FilaPadron]]:
    with leer_padron(ruta) as lectura:
        filas = [f for lote in lectura.lotes(2) for f in lote]
        return lectura.filas_leidas, list(lectura.errores()), filas


def test_lectura_con_bom_lineas_en_blanco_y_comillas(tmp_path: Path) -> None:
    ruta = escribir(
        tmp_path,
        [
            fila(nombre='Ñandú, "la fábrica"'),
            ("", "", "", "", "", ""),
            fila(rfc=RFC_AMP, nombre="A&B", registro="Y5412345109"),
        ],
        bom=True,
    )
    leidas, errores, filas = _leer(ruta)
    assert (leidas, errores) == (2, [])
    assert [(f.linea, f.rfc, f.nombre) for f in filas] == [
        (2, RFC_ENE, 'Ñandú, "la fábrica"'),
        (4, RFC_AMP, "A&B"),
    ]


def test_numero_de_linea_con_valor_de_varias_lineas(tmp_path: Path) -> None:
    ruta = escribir(tmp_path, [fila(nombre="Renglón\nsegundo"), fila(registro="malo")])
    _, errores, _ = _leer(ruta)
    assert len(errores) == 1 and errores[0].startswith("línea 4, columna «registro_patronal»")


def test_columnas_de_mas_o_de_menos(tmp_path: Path) -> None:
    ruta = escribir(tmp_path, [(*fila(), "extra"), fila()[:5]])
    _, errores, filas = _leer(ruta)
    assert filas == []
    assert errores[0].startswith("línea 2, columnas: la fila tiene 7 valores y se esperan 6")
    assert errores[1].startswith("línea 3, columnas: la fila tiene 5 valores y se esperan 6")


def test_encabezado_en_otro_orden_y_mayusculas(tmp_path: Path) -> None:
    ruta = escribir(
        tmp_path,
        [("CMX", "01", "America/Mexico_City", RFC_ENE, "Ñandú", "Y5412345108")],
        encabezado="ENTIDAD, Subdelegacion ,zona_horaria,rfc,nombre,registro_patronal",
    )
    _, errores, filas = _leer(ruta)
    assert errores == [] and filas[0].registro == "Y5412345108" and filas[0].entidad == "CMX"


@pytest.mark.parametrize(
    ("encabezado", "texto"),
    [
        ("rfc,nombre,registro_patronal,entidad,subdelegacion", "faltan las columnas zona_horaria"),
        (
            "rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria,correo",
            "sobran las columnas «correo»",
        ),
        ("rfc,rfc,registro_patronal,entidad,subdelegacion,zona_horaria", "se repiten las columnas"),
        ("rfc;nombre;registro_patronal;entidad;subdelegacion;zona_horaria", "separadas por «;»"),
        (",".join(fila()), "faltan las columnas rfc, nombre"),
    ],
)
def test_encabezado_equivocado(tmp_path: Path, encabezado: str, texto: str) -> None:
    ruta = escribir(tmp_path, [fila()], encabezado=encabezado)
    with pytest.raises(ErrorArchivo, match=texto) as error:
        _leer(ruta)
    assert "rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria" in error.value.mensaje
    assert "No se guardó nada" in error.value.mensaje


def test_archivo_vacio_o_inexistente(tmp_path: Path) -> None:
    (tmp_path / "vacio.csv").write_bytes(b"")
    with pytest.raises(ErrorArchivo, match="está vacío"):
        _leer(tmp_path / "vacio.csv")
    with pytest.raises(ErrorArchivo, match="No se pudo leer"):
        _leer(tmp_path / "no-existe.csv")


def test_no_utf8_nombra_la_linea(tmp_path: Path) -> None:
    ruta = escribir(tmp_path, [fila(), fila(registro="Y5412345109")])
    ruta.write_bytes(ruta.read_bytes().replace("Ñandú".encode(), "Ñandú".encode("latin-1"), 1))
    with pytest.raises(ErrorArchivo, match=r"no está en UTF-8 \(línea 2, byte \d+\)"):
        _leer(ruta)


def test_comillas_sin_cerrar(tmp_path: Path) -> None:
    ruta = tmp_path / "roto.csv"
    ruta.write_text(
        "rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria\n"
        f'{RFC_ENE},"Ñandú,Y5412345108,CMX,01,America/Mexico_City\n',
        encoding="utf-8",
    )
    with pytest.raises(ErrorArchivo, match="no es un CSV válido"):
        _leer(ruta)
