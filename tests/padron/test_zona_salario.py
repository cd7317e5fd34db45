"""The optional padrón column `zona_salario` (general | zlfn): files with it, and files without it
(as every file before it existed) keep working."""

from __future__ import annotations

from pathlib import Path

import pytest

from buzon.padron.archivo import ErrorArchivo, leer_padron
from buzon.padron.models import RegistroPatronal
from buzon.padron.servicios import do_importar_padron
from tests.padron.ayudas import ENCABEZADO, escribir, fila

CON_ZONA = ENCABEZADO + ",zona_salario"


def zonas() -> dict[str, str]:
    return dict(RegistroPatronal.objects.values_list("registro", "zona_salario"))


@pytest.mark.django_db
def test_sin_la_columna_general_y_lo_guardado_se_conserva(tmp_path: Path) -> None:
    resultado = do_importar_padron(escribir(tmp_path, [fila()]))
    assert resultado.registros_creados == 1 and zonas() == {"Y5412345108": "general"}
    con = escribir(
        tmp_path,
        [(*fila(), "ZLFN"), (*fila(registro="Y5412345109"), "")],
        encabezado=CON_ZONA,
        nombre="con.csv",
    )
    resultado = do_importar_padron(con)
    assert (resultado.registros_creados, resultado.registros_actualizados) == (1, 1)
    assert zonas() == {"Y5412345108": "zlfn", "Y5412345109": "general"}
    # A file without the column says nothing about the zone: the stored one stays, and a
    # change of another column keeps it.
    sin = escribir(tmp_path, [fila(subdelegacion="02"), fila(registro="Y5412345109")])
    resultado = do_importar_padron(sin)
    assert resultado.registros_actualizados == 1 and zonas()["Y5412345108"] == "zlfn"
    assert do_importar_padron(con).registros_actualizados == 1  # subdelegación back to 01
    assert do_importar_padron(con).registros_actualizados == 0  # idempotent


@pytest.mark.django_db
def test_columna_en_cualquier_orden_y_errores(tmp_path: Path) -> None:
    encabezado = "zona_salario," + ENCABEZADO
    filas = [
        ("zlfn", *fila()),
        ("frontera", *fila(registro="Y5412345109")),  # 3: not a zone
        ("general", *fila(registro="Y5412345100")),
        ("zlfn", *fila(registro="Y5412345100")),  # 5: same registro, other zone
        ("general", *fila(registro="Y5412345101"))[:6],  # 6: 6 values of 7
    ]
    errores: list[str] = []
    resultado = do_importar_padron(
        escribir(tmp_path, filas, encabezado=encabezado), al_error=errores.append
    )
    assert resultado.registros_creados == 1 and zonas() == {"Y5412345108": "zlfn"}
    assert errores[0].startswith("línea 3, columna «zona_salario»: «frontera» no es una zona")
    assert errores[1].startswith("línea 4, columna «registro_patronal»: el registro patronal")
    assert "distinto zona de salario mínimo" in errores[1]
    assert errores[2].startswith("línea 5, columna «registro_patronal»")
    assert errores[3].startswith("línea 6, columnas: la fila tiene 6 valores y se esperan 7")


def test_encabezado_con_columnas_desconocidas_o_repetidas(tmp_path: Path) -> None:
    for encabezado, texto in (
        (CON_ZONA + ",zona_salario", "se repiten las columnas zona_salario"),
        (ENCABEZADO + ",zona", "sobran las columnas «zona»"),
    ):
        ruta = escribir(tmp_path, [(*fila(), "general", "x")], encabezado=encabezado)
        with pytest.raises(ErrorArchivo, match=texto) as error, leer_padron(ruta):
            pass
        assert "las columnas zona_salario, modalidad, situacion" in error.value.mensaje
