"""`buzon derechohabientes importar-semanas`: rows checked with Spanish errors per line and field,
idempotent, a correction refused, a reintegro beyond the weeks descontadas refused, and the result
on the constancia."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from buzon.derechohabientes.models import AjusteSemanas
from tests.cuotas.ayudas import nss
from tests.derechohabientes.ayudas import TRABAJADOR, asegurado

pytestmark = pytest.mark.django_db

ENCABEZADO = "nss,tipo,fecha,semanas,referencia"


def correr(ruta: Path, *extra: str) -> tuple[int, dict[str, object], list[str]]:
    salida, errores = io.StringIO(), io.StringIO()
    codigo = 0
    try:
        call_command(
            "derechohabientes", "importar-semanas", str(ruta), *extra, stdout=salida, stderr=errores
        )
    except CommandError as exc:
        codigo = exc.returncode
        errores.write(f"{exc}\n")
    texto = salida.getvalue().strip()
    return codigo, (json.loads(texto) if texto else {}), errores.getvalue().splitlines()


def archivo(tmp_path: Path, *filas: str, encabezado: str = ENCABEZADO) -> Path:
    ruta = tmp_path / "semanas.csv"
    ruta.write_bytes(("\ufeff" + "\r\n".join([encabezado, *filas]) + "\r\n").encode())
    return ruta


def test_importa_es_idempotente_y_rechaza_correcciones(tmp_path: Path) -> None:
    asegurado(1, TRABAJADOR[1])
    ruta = archivo(
        tmp_path,
        f"{nss(1)},descontadas,2024-03-01,75,RD-2024-1",
        f"{nss(1)},reintegradas,2025-01-15,30,RI-2025-1",
    )
    assert correr(ruta, "--lote", "1") == (
        0,
        {
            "archivo_sha256": hashlib.sha256(ruta.read_bytes()).hexdigest(),
            "filas_leidas": 2,
            "filas_importadas": 2,
            "filas_ya_registradas": 0,
            "filas_con_error": 0,
        },
        [],
    )
    assert AjusteSemanas.objects.count() == 2
    codigo, resumen, _ = correr(ruta)
    assert codigo == 0 and resumen["filas_importadas"] == 0 and resumen["filas_ya_registradas"] == 2
    assert AjusteSemanas.objects.count() == 2
    otra = archivo(tmp_path, f"{nss(1)},descontadas,2024-03-01,80,RD-2024-1")
    codigo, resumen, errores = correr(otra)
    assert codigo == 1 and resumen["filas_con_error"] == 1
    assert errores[0] == (
        "línea 2, campo «semanas»: ese ajuste ya está registrado con 75 semanas: una corrección "
        "no es una importación."
    )


def test_errores_por_fila_en_espanol(tmp_path: Path) -> None:
    asegurado(1, TRABAJADOR[1])
    ruta = archivo(
        tmp_path,
        f"{nss(1)},descontadas,2024-03-01,10,RD-1",
        "12345678901,descontadas,2024-03-01,10,RD-1",
        f"{nss(1)},prestadas,2024-03-01,10,RD-1",
        f"{nss(1)},descontadas,2024-02-30,10,RD-1",
        f"{nss(1)},descontadas,2024-03-02,0,RD-1",
        f"{nss(1)},descontadas,2024-03-03,5,",
        f"{nss(2)},descontadas,2024-03-01,10,RD-1",
        f"{nss(1)},descontadas",
        f"{nss(1)},reintegradas,2024-04-01,11,RI-1",
    )
    codigo, resumen, errores = correr(ruta)
    assert codigo == 1
    assert (resumen["filas_leidas"], resumen["filas_importadas"], resumen["filas_con_error"]) == (
        9,
        1,
        8,
    )
    campos = [e.split(":")[0] for e in errores[:8]]
    assert campos == [
        "línea 3, campo «nss»",
        "línea 4, campo «tipo»",
        "línea 5, campo «fecha»",
        "línea 6, campo «semanas»",
        "línea 7, campo «referencia»",
        "línea 9",
        "línea 8, campo «nss»",
        "línea 10, campo «semanas»",
    ]
    assert "no está en los registros de afiliación" in errores[6]
    assert "más semanas reintegradas que descontadas" in errores[7]
    assert "8 de 9 filas tienen errores" in errores[8]


def test_archivo_invalido_sale_con_2(tmp_path: Path) -> None:
    codigo, resumen, errores = correr(archivo(tmp_path, encabezado="nss,tipo"))
    assert codigo == 2 and resumen == {} and "encabezado" in errores[-1]
    ruta = tmp_path / "latin1.csv"
    ruta.write_bytes((ENCABEZADO + "\r\n1,descontadas,2024-01-01,1,año\r\n").encode("latin-1"))
    assert correr(ruta)[0] == 2
    assert correr(tmp_path / "no-existe.csv")[0] == 2
    assert not AjusteSemanas.objects.exists()
