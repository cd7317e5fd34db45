"""`buzon riesgos importar|clases`: streaming, idempotent, history, per-row Spanish errors, en
trayecto excluded and counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from buzon.riesgos.models import ArchivoRiesgos, ClaseRiesgo, RiesgoTerminado
from tests.actuaciones.fixtures import en_padron
from tests.riesgos.ayudas import REGISTRO, csv_riesgos, filas_2025, importar, nss

pytestmark = pytest.mark.django_db

RFC = "XIQB891116QE4"


def test_importa_excluye_trayecto_y_es_idempotente(tmp_path: Path) -> None:
    en_padron(RFC, REGISTRO)
    ruta = csv_riesgos(tmp_path, filas_2025())
    codigo, salida, errores = importar(ruta)
    assert codigo == 0, errores
    resumen = json.loads(salida)
    assert resumen["filas_leidas"] == 4
    assert resumen["en_trayecto_excluidos"] == 1
    assert resumen["creados"] == 3 and resumen["filas_con_error"] == 0
    assert RiesgoTerminado.objects.count() == 3
    assert not RiesgoTerminado.objects.filter(nss=nss(3)).exists()
    archivo = ArchivoRiesgos.objects.get()
    assert (archivo.filas_leidas, archivo.filas_importadas, archivo.en_trayecto) == (4, 3, 1)
    # The same file again: nothing stored, no second history row.
    codigo, salida, _ = importar(ruta)
    assert codigo == 0
    assert json.loads(salida)["ya_registrados"] == 3 and json.loads(salida)["creados"] == 0
    assert RiesgoTerminado.objects.count() == 3 and ArchivoRiesgos.objects.count() == 1
    # The same rows in another file are not stored twice either.
    otra = csv_riesgos(tmp_path, [*filas_2025(), ""], "otra.csv")
    importar(otra)
    assert RiesgoTerminado.objects.count() == 3


def test_errores_por_fila_en_espanol(tmp_path: Path) -> None:
    en_padron(RFC, REGISTRO)
    ruta = csv_riesgos(
        tmp_path,
        [
            f"{REGISTRO},{nss(1)},accidente,2025-05-10,38,10,no",
            f"{REGISTRO},12345678901,accidente,2025-05-10,38,10,no",
            f"{REGISTRO},{nss(2)},caida,2025-05-10,38,10,no",
            f"{REGISTRO},{nss(2)},accidente,2025-13-10,38,10,no",
            f"{REGISTRO},{nss(2)},accidente,2025-05-10,-1,10,no",
            f"{REGISTRO},{nss(2)},accidente,2025-05-10,1,101,no",
            f"{REGISTRO},{nss(2)},accidente,2025-05-10,1,10,quizas",
            f"Z0000000001,{nss(2)},accidente,2025-05-10,1,10,no",
            f"{REGISTRO},{nss(5)},enfermedad,2025-06-10,1,0,no",
            f"{REGISTRO},{nss(5)},enfermedad,2025-06-10,2,0,no",
        ],
    )
    codigo, salida, errores = importar(ruta)
    assert codigo == 1
    assert json.loads(salida)["creados"] == 1
    for texto in (
        "línea 3, campo «nss»",
        "línea 4, campo «tipo»: «caida» no es un tipo de riesgo",
        "línea 5, campo «fecha_termino»",
        "línea 6, campo «dias_subsidiados»",
        "línea 7, campo «porcentaje_incapacidad»",
        "línea 8, campo «defuncion»",
        "línea 9, campo «registro_patronal»: el registro patronal Z0000000001 no está en el padrón",
        "línea 10, campo «dias_subsidiados»: el riesgo (enfermedad)",
        "línea 11, campo «dias_subsidiados»",
        "9 de 10 filas tienen errores",
    ):
        assert texto in errores, texto
    # A stored case with other data is refused (a correction is not an import).
    cambio = csv_riesgos(tmp_path, [f"{REGISTRO},{nss(1)},accidente,2025-05-10,40,10,no"], "c.csv")
    codigo, _, errores = importar(cambio)
    assert codigo == 1 and "ya está registrado con otros datos (38 días" in errores


def test_archivo_invalido_sale_con_2(tmp_path: Path) -> None:
    ruta = tmp_path / "malo.csv"
    ruta.write_text("registro_patronal,nss\nY5412345108,1\n", encoding="utf-8")
    codigo, _, errores = importar(ruta)
    assert codigo == 2 and "tipo" in errores
    assert not ArchivoRiesgos.objects.exists()


def test_clases(tmp_path: Path) -> None:
    en_padron(RFC, REGISTRO)
    ruta = tmp_path / "clases.csv"
    ruta.write_text(f"registro_patronal,clase\n{REGISTRO},iv\n", encoding="utf-8")
    codigo, _salida, errores = importar(ruta, "clases")
    assert codigo == 0, errores
    assert ClaseRiesgo.objects.get().clase == "IV"
    otra = tmp_path / "otra.csv"
    otra.write_text(f"registro_patronal,clase\n{REGISTRO},II\n{REGISTRO},VI\n", encoding="utf-8")
    codigo, _, errores = importar(otra, "clases")
    assert codigo == 1
    assert "línea 2, campo «clase»: el registro Y5412345108 ya tiene la clase IV" in errores
    assert "línea 3, campo «clase»: «VI» no es una clase" in errores
