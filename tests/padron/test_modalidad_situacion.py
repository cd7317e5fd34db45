"""The optional padrón columns `modalidad` (two digits, 10 by default) and `situacion` (vigente by
default, baja, suspendido) for the opinión de cumplimiento, and `registros_para_opinion`."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.legal.opinion import RegistroOpinion
from buzon.padron import selectors
from buzon.padron.models import RegistroPatronal
from buzon.padron.selectors import registros_para_opinion
from buzon.padron.servicios import do_importar_padron
from tests.padron.ayudas import ENCABEZADO, RFC_AMP, RFC_ENE, escribir, fila

pytestmark = pytest.mark.django_db

COMPLETO = ENCABEZADO + ",zona_salario,modalidad,situacion"


def estado() -> dict[str, tuple[str, str, str]]:
    return {
        r: (z, m, s)
        for r, z, m, s in RegistroPatronal.objects.values_list(
            "registro", "zona_salario", "modalidad", "situacion"
        )
    }


def test_sin_las_columnas_10_y_vigente_y_lo_guardado_se_conserva(tmp_path: Path) -> None:
    do_importar_padron(escribir(tmp_path, [fila()]))
    assert estado() == {"Y5412345108": ("general", "10", "vigente")}
    con = escribir(
        tmp_path,
        [
            (*fila(), "zlfn", "13", "Baja"),
            (*fila(registro="Y5412345109"), "", "", ""),
            (*fila(registro="Y5412345100"), "general", "40", "SUSPENDIDO"),
        ],
        encabezado=COMPLETO,
        nombre="con.csv",
    )
    resultado = do_importar_padron(con)
    assert (resultado.registros_creados, resultado.registros_actualizados) == (2, 1)
    assert estado() == {
        "Y5412345108": ("zlfn", "13", "baja"),
        "Y5412345109": ("general", "10", "vigente"),
        "Y5412345100": ("general", "40", "suspendido"),
    }
    # Only `situacion`: the stored modalidad and zone stay; a file without any keeps all.
    solo = escribir(
        tmp_path, [(*fila(), "vigente")], encabezado=ENCABEZADO + ",situacion", nombre="s.csv"
    )
    assert do_importar_padron(solo).registros_actualizados == 1
    assert estado()["Y5412345108"] == ("zlfn", "13", "vigente")
    sin = escribir(tmp_path, [fila(subdelegacion="02")], nombre="sin.csv")
    assert do_importar_padron(sin).registros_actualizados == 1
    assert estado()["Y5412345108"] == ("zlfn", "13", "vigente")
    assert do_importar_padron(sin).registros_actualizados == 0  # idempotent
    assert do_importar_padron(con).registros_actualizados == 1  # back to baja, subdelegación 01
    assert do_importar_padron(con).registros_actualizados == 0


def test_errores_por_fila(tmp_path: Path) -> None:
    encabezado = "situacion,modalidad," + ENCABEZADO
    filas = [
        ("vigente", "7", *fila()),  # 2: 7 is 07
        ("activa", "10", *fila(registro="Y5412345109")),  # 3: not a situación
        ("vigente", "1A", *fila(registro="Y5412345100")),  # 4: not two digits
        ("vigente", "123", *fila(registro="Y5412345101")),  # 5: three digits
        ("baja", "10", *fila(registro="Y5412345102")),  # 6 and 7: same registro, other situación
        ("vigente", "10", *fila(registro="Y5412345102")),
    ]
    errores: list[str] = []
    resultado = do_importar_padron(
        escribir(tmp_path, filas, encabezado=encabezado), al_error=errores.append
    )
    assert resultado.registros_creados == 1 and estado()["Y5412345108"][1:] == ("07", "vigente")
    assert errores[0].startswith("línea 3, columna «situacion»: «activa» no es una situación")
    assert errores[1].startswith("línea 4, columna «modalidad»: «1A» no es una modalidad")
    assert errores[2].startswith("línea 5, columna «modalidad»: «123»")
    assert errores[3].startswith("línea 6, columna «registro_patronal»: el registro patronal")
    assert "con distinto situación" in errores[3]
    assert errores[4].startswith("línea 7, columna «registro_patronal»")
    assert len(errores) == 5


def test_registros_para_opinion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filas = [
        (*fila(registro="Y5412345109"), "general", "40", "baja"),
        (*fila(), "general", "10", "vigente"),
        (*fila(rfc=RFC_AMP, nombre="A&B", registro="Y5412345100"), "general", "13", "suspendido"),
    ]
    do_importar_padron(escribir(tmp_path, filas, encabezado=COMPLETO))
    monkeypatch.setattr(selectors, "BLOQUE_RFCS", 2)
    desconocido = "XAXX010101000"
    with CaptureQueriesContext(connection) as consultas:
        salida = registros_para_opinion([RFC_ENE, desconocido, RFC_AMP])
    assert len(consultas) == 2  # 3 RFCs in chunks of 2
    assert salida == {
        RFC_ENE: [
            RegistroOpinion("Y5412345108", "10", "vigente", 0),
            RegistroOpinion("Y5412345109", "40", "baja", 0),
        ],
        desconocido: [],
        RFC_AMP: [RegistroOpinion("Y5412345100", "13", "suspendido", 0)],
    }
    assert registros_para_opinion([]) == {}
