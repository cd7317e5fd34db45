"""`buzon afiliacion importar|primas`: good files, bad rows named, re-import no-op, mixed files,
batch boundaries, nothing half-written (SQLite and PostgreSQL: the suite runs on both)."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError

from buzon.cuotas import insercion, servicios
from buzon.cuotas.models import ArchivoAfiliacion, Asegurado, Movimiento, PrimaRT
from buzon.cuotas.servicios import ErrorImportacion, do_importar_movimientos
from tests.cuotas.ayudas import (
    CURP,
    ENCABEZADO_PRIMAS,
    OTRO_REGISTRO,
    REGISTRO,
    correr,
    curp,
    escribir,
    movimiento,
    nss,
    padron,
)

pytestmark = pytest.mark.django_db

BUENO = [
    movimiento("08", "2026-01-05", "278.80"),
    movimiento("07", "2026-03-01", "500.00"),
    movimiento("11", "2026-04-06", "", "2"),
    movimiento("12", "2026-04-20", "", "3"),
    movimiento("02", "2026-04-30", ""),
    movimiento("08", "2026-04-01", "1234.56", registro=OTRO_REGISTRO, n=2, curp_=curp(1)),
]


def movimientos() -> list[tuple[Any, ...]]:
    return list(
        Movimiento.objects.order_by("registro__registro", "asegurado__nss", "fecha").values_list(
            "registro__registro", "asegurado__nss", "tipo", "fecha", "sbc", "dias", "linea"
        )
    )


def test_importa_un_archivo_bueno(tmp_path: Path) -> None:
    padron()
    ruta = escribir(tmp_path, BUENO)
    codigo, resumen, errores = correr("importar", str(ruta))
    assert (codigo, errores) == (0, [])
    assert resumen == {
        "archivo_sha256": hashlib.sha256(ruta.read_bytes()).hexdigest(),
        "filas_leidas": 6,
        "filas_importadas": 6,
        "filas_con_error": 0,
        "asegurados_creados": 2,
        "asegurados_actualizados": 0,
        "movimientos_creados": 6,
        "movimientos_ya_registrados": 0,
    }
    assert movimientos() == [
        (REGISTRO, nss(1), "08", date(2026, 1, 5), Decimal("278.80"), None, 2),
        (REGISTRO, nss(1), "07", date(2026, 3, 1), Decimal("500.00"), None, 3),
        (REGISTRO, nss(1), "11", date(2026, 4, 6), None, 2, 4),
        (REGISTRO, nss(1), "12", date(2026, 4, 20), None, 3, 5),
        (REGISTRO, nss(1), "02", date(2026, 4, 30), None, None, 6),
        (OTRO_REGISTRO, nss(2), "08", date(2026, 4, 1), Decimal("1234.56"), None, 7),
    ]
    archivo = ArchivoAfiliacion.objects.get()
    assert (archivo.sha256, archivo.tipo, archivo.nombre, archivo.importado_por) == (
        resumen["archivo_sha256"],
        "movimientos",
        "movimientos.csv",
        "",
    )
    assert set(Movimiento.objects.values_list("archivo_id", flat=True)) == {archivo.pk}
    assert set(Asegurado.objects.values_list("nss", "curp", "nombre")) == {
        (nss(1), CURP, "Wenceslao Bolaños Xolo"),
        (nss(2), curp(1), "Wenceslao Bolaños Xolo"),
    }


def test_reimportar_no_guarda_nada(tmp_path: Path) -> None:
    padron()
    ruta = escribir(tmp_path, BUENO)
    assert correr("importar", str(ruta))[0] == 0
    antes = (
        movimientos(),
        list(Asegurado.objects.values_list("nss", "importado_en")),
        list(ArchivoAfiliacion.objects.values_list("sha256", "importado_en")),
    )
    for lote in ("5000", "2"):
        codigo, resumen, errores = correr("importar", str(ruta), "--lote", lote)
        assert (codigo, errores) == (0, [])
        assert resumen["movimientos_creados"] == resumen["asegurados_creados"] == 0
        assert resumen["movimientos_ya_registrados"] == resumen["filas_importadas"] == 6
    despues = (
        movimientos(),
        list(Asegurado.objects.values_list("nss", "importado_en")),
        list(ArchivoAfiliacion.objects.values_list("sha256", "importado_en")),
    )
    assert despues == antes
    # The same movements in another file (another order, another hash) are not stored twice,
    # and that file leaves no trace either.
    otro = escribir(tmp_path, list(reversed(BUENO)), nombre="otro.csv")
    codigo, resumen, _ = correr("importar", str(otro))
    assert (codigo, resumen["movimientos_creados"]) == (0, 0)
    assert ArchivoAfiliacion.objects.count() == 1


def test_cada_fila_mala_nombrada_y_las_buenas_se_guardan(tmp_path: Path) -> None:
    padron()
    filas = [
        movimiento(),  # 2 good
        movimiento(sbc="0", n=2),  # 3
        movimiento(registro="B0000000001", n=3),  # 4: not in the padrón
        movimiento("02", sbc="10.00", n=4),  # 5
        ("x",) * 7,  # 6: 7 values
        movimiento("11", sbc="", dias="40", n=5, fecha="2026-13-01"),  # 7: two fields
        movimiento("07", "2026-04-15", "600.00"),  # 8 good
    ]
    codigo, resumen, errores = correr("importar", str(escribir(tmp_path, filas)))
    assert codigo == 1
    assert (resumen["filas_leidas"], resumen["filas_importadas"], resumen["filas_con_error"]) == (
        7,
        2,
        5,
    )
    assert [e.split(":")[0] for e in errores[:-1]] == [
        "línea 3, campo «sbc»",
        "línea 4, campo «registro_patronal»",
        "línea 5, campo «sbc»",
        "línea 6",
        "línea 7, campo «fecha»",
        "línea 7, campo «dias»",
    ]
    assert "B0000000001 no está en el padrón" in errores[1]
    assert "la fila tiene 7 valores y se esperan 8" in errores[3]
    assert "5 de 7 filas tienen errores" in errores[-1]
    assert [m[2] for m in movimientos()] == ["08", "07"]
    assert list(Asegurado.objects.values_list("nss", flat=True)) == [nss(1)]


def test_conflictos_dentro_del_archivo_rechazan_todas_sus_filas(tmp_path: Path) -> None:
    padron()
    filas = [
        movimiento(n=1),
        movimiento("07", "2026-04-10", "600.00", n=1, nombre="Otro Nombre"),  # same NSS
        movimiento(n=2, curp_=curp(2)),
        movimiento(n=2, curp_=curp(2), sbc="501.00"),  # same key, other SBC
        movimiento(n=3, curp_=curp(3)),
        movimiento(n=3, curp_=curp(3)),  # identical: fine, written once
    ]
    codigo, resumen, errores = correr("importar", str(escribir(tmp_path, filas)))
    assert codigo == 1 and resumen["movimientos_creados"] == 1
    assert resumen["movimientos_ya_registrados"] == 1 and resumen["filas_importadas"] == 2
    assert errores[0].startswith("línea 2, campo «nombre»: el NSS ")
    assert "aparece en las líneas 2 y 3 con distinto nombre" in errores[0]
    assert errores[2].startswith("línea 4, campo «sbc»: el movimiento 08 (alta o reingreso)")
    assert "líneas 4 y 5 con distinto salario base de cotización" in errores[2]
    assert [m[1] for m in movimientos()] == [nss(3)]


def test_contra_lo_ya_guardado(tmp_path: Path) -> None:
    padron()
    correr(
        "importar", str(escribir(tmp_path, [movimiento(), movimiento("11", "2026-04-06", "", "2")]))
    )
    filas = [
        movimiento(sbc="510.00"),  # 2: the stored alta has 500.00
        movimiento("11", "2026-04-06", "", "3"),  # 3: stored with 2 days
    ]
    codigo, resumen, errores = correr("importar", str(escribir(tmp_path, filas, nombre="b.csv")))
    assert codigo == 1 and resumen["filas_con_error"] == 2
    assert errores[0].startswith("línea 2, campo «sbc»")
    assert "con salario base de cotización 500.00" in errores[0]
    assert errores[1].startswith("línea 3, campo «dias»") and "con 2 días" in errores[1]
    otra_curp = [movimiento("07", "2026-04-09", "600.00", curp_=curp(5))]
    codigo, _, errores = correr("importar", str(escribir(tmp_path, otra_curp, nombre="c.csv")))
    assert codigo == 1
    assert errores[0].startswith("línea 2, campo «curp»") and f"la CURP {CURP}" in errores[0]
    renombrado = [movimiento("07", "2026-04-10", "700.00", nombre="Wenceslao Bolaños X.")]
    codigo, resumen, _ = correr("importar", str(escribir(tmp_path, renombrado, nombre="d.csv")))
    assert codigo == 0
    assert resumen["asegurados_actualizados"] == 1 and resumen["movimientos_creados"] == 1
    assert Asegurado.objects.get().nombre == "Wenceslao Bolaños X."
    assert Movimiento.objects.count() == 3


def test_limites_de_lote(tmp_path: Path) -> None:
    """Rows of one worker spread over batches; a duplicate across a boundary; errors in several
    batches: the result does not depend on the batch size."""
    padron()
    filas = [movimiento("08", f"2026-04-{d:02d}", "500.00", n=d % 3) for d in range(1, 13)]
    filas.insert(5, movimiento(sbc="x", n=9))
    filas.append(filas[0])
    esperado = None
    for lote in ("1", "2", "3", "7", "5000"):
        Movimiento.objects.all().delete()
        Asegurado.objects.all().delete()
        ArchivoAfiliacion.objects.all().delete()
        codigo, resumen, errores = correr(
            "importar", str(escribir(tmp_path, filas)), "--lote", lote
        )
        resumen.pop("archivo_sha256")
        assert codigo == 1 and len(errores) == 2 and errores[0].startswith("línea 7, campo «sbc»")
        estado = (resumen, [m[:6] for m in movimientos()])
        assert esperado is None or estado == esperado, lote
        esperado = estado
    assert esperado is not None and esperado[0]["movimientos_creados"] == 12


@pytest.mark.django_db(transaction=True)
def test_un_lote_que_falla_no_deja_nada_a_medias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    padron()
    filas = [movimiento(n=i, curp_=curp(i)) for i in range(1, 13)]
    original = insercion.insertar
    llamadas: list[int] = []

    def falla_en_el_segundo(modelo: Any, columnas: Any, renglones: list[Any]) -> None:
        llamadas.append(len(renglones))
        original(modelo, columnas, renglones)  # really written, inside the batch's transaction
        if len(llamadas) == 2:
            raise IntegrityError("falla simulada de la base de datos")

    monkeypatch.setattr(servicios, "insertar", falla_en_el_segundo)
    with pytest.raises(ErrorImportacion) as error:
        do_importar_movimientos(escribir(tmp_path, filas), lote=5)
    assert "líneas 7 a 11" in error.value.mensaje and "vuelva a importar" in error.value.mensaje
    assert error.value.resultado.resumen()["movimientos_creados"] == 5
    # Batch 1 kept whole; batch 2 (asegurados and movements) rolled back whole; batch 3 not run.
    assert sorted(Asegurado.objects.values_list("nss", flat=True)) == [nss(i) for i in range(1, 6)]
    assert Movimiento.objects.count() == 5
    monkeypatch.undo()
    resultado = do_importar_movimientos(escribir(tmp_path, filas), lote=5)
    assert (resultado.movimientos_creados, resultado.movimientos_ya_registrados) == (7, 5)
    assert Movimiento.objects.count() == 12


def test_archivo_que_no_se_puede_importar_no_escribe_nada(tmp_path: Path) -> None:
    padron()
    malo = escribir(tmp_path, BUENO, encabezado="registro_patronal,nss,curp,nombre,tipo,fecha,sbc")
    codigo, resumen, errores = correr("importar", str(malo))
    assert (codigo, resumen) == (2, {}) and "faltan las columnas dias" in errores[0]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(escribir(tmp_path, BUENO).read_bytes().replace("ñ".encode(), b"\xf1"))
    codigo, _, errores = correr("importar", str(latin))
    assert codigo == 2 and "no está en UTF-8 (línea 2" in errores[0]
    assert Movimiento.objects.count() == Asegurado.objects.count() == 0
    assert ArchivoAfiliacion.objects.count() == 0


def test_primas(tmp_path: Path) -> None:
    padron()
    filas = [
        (REGISTRO, "2025-03-01", "0.54355"),
        (REGISTRO, "2026-03-01", "0.6"),
        (OTRO_REGISTRO, "2026-03-01", "7.58875"),
        (OTRO_REGISTRO, "2026-04-01", "1.0"),  # 5: not a 1 March
        ("B0000000001", "2026-03-01", "1.0"),  # 6: not in the padrón
        (REGISTRO, "2024-03-01", "16"),  # 7: over LSS 74's maximum
    ]
    ruta = escribir(tmp_path, filas, nombre="primas.csv", encabezado=ENCABEZADO_PRIMAS)
    codigo, resumen, errores = correr("primas", str(ruta))
    assert codigo == 1
    assert (resumen["primas_creadas"], resumen["filas_con_error"]) == (3, 3)
    assert [e.split(":")[0] for e in errores[:-1]] == [
        "línea 5, campo «vigente_desde»",
        "línea 6, campo «registro_patronal»",
        "línea 7, campo «prima»",
    ]
    assert sorted(PrimaRT.objects.values_list("registro__registro", "vigente_desde", "prima")) == [
        (REGISTRO, date(2025, 3, 1), Decimal("0.54355")),
        (REGISTRO, date(2026, 3, 1), Decimal("0.60000")),
        (OTRO_REGISTRO, date(2026, 3, 1), Decimal("7.58875")),
    ]
    codigo, resumen, _ = correr("primas", str(ruta))
    assert (resumen["primas_creadas"], resumen["primas_ya_registradas"]) == (0, 3)
    cambio = escribir(
        tmp_path, [(REGISTRO, "2026-03-01", "0.7")], nombre="c.csv", encabezado=ENCABEZADO_PRIMAS
    )
    codigo, _, errores = correr("primas", str(cambio))
    assert codigo == 1 and "ya tiene registrada la prima 0.60000" in errores[0]
    duplicada = escribir(
        tmp_path,
        [(REGISTRO, "2027-03-01", "0.7"), (REGISTRO, "2027-03-01", "0.8")],
        nombre="d.csv",
        encabezado=ENCABEZADO_PRIMAS,
    )
    codigo, _, errores = correr("primas", str(duplicada))
    assert codigo == 1 and "aparece en las líneas 2 y 3 con distinto valor" in errores[0]
