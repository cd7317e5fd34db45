"""The data an opinión stands on, loaded as the Institute loads it: the padrón (with modalidad and
situación), the afiliación ledger and the créditos fiscales, each through its import service."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from buzon.cobranza.servicios import do_importar_creditos
from buzon.cuotas.servicios import do_importar_movimientos
from buzon.padron.servicios import do_importar_padron
from tests.cuotas import ayudas as cuotas
from tests.padron import ayudas as padron

#: The holder (patron_a of tests/cuentas), its third party (patron_b) and another particular.
TITULAR = "XIQB891116QE4"
TERCERO = "H&E951128469"
REGISTRO = "Y5412345108"
VOLUNTARIO = "Y5412345109"
ENCABEZADO_PADRON = padron.ENCABEZADO + ",modalidad,situacion"
ENCABEZADO_CREDITOS = "rfc,registro_patronal,credito,concepto,periodo,importe,situacion"


def importar_padron(carpeta: Path, filas: Iterable[tuple[str, str, str, str]]) -> None:
    """Rows (rfc, registro, modalidad, situacion)."""
    ruta = padron.escribir(
        carpeta,
        [
            (*padron.fila(rfc=rfc, nombre=f"Patrón {rfc}", registro=registro), modalidad, situacion)
            for rfc, registro, modalidad, situacion in filas
        ],
        nombre="padron.csv",
        encabezado=ENCABEZADO_PADRON,
    )
    errores: list[str] = []
    do_importar_padron(ruta, al_error=errores.append)
    assert errores == []


def importar_altas(
    carpeta: Path, registro: str, trabajadores: int, *, desde: int = 1, fecha: str = "2026-01-05"
) -> None:
    ruta = cuotas.escribir(
        carpeta,
        [
            cuotas.movimiento("08", fecha, registro=registro, n=n)
            for n in range(desde, desde + trabajadores)
        ],
        nombre=f"altas-{registro}.csv",
    )
    errores: list[object] = []
    do_importar_movimientos(ruta, al_error=errores.append)
    assert errores == []


def importar_creditos(carpeta: Path, filas: Sequence[tuple[str, ...]], nombre: str) -> None:
    """Rows (rfc, registro, credito, concepto, periodo, importe, situacion)."""
    ruta = carpeta / nombre
    texto = "\r\n".join([ENCABEZADO_CREDITOS, *(",".join(f) for f in filas)]) + "\r\n"
    ruta.write_bytes(texto.encode("utf-8"))
    errores: list[object] = []
    do_importar_creditos(ruta, al_error=errores.append)
    assert errores == []


def titular_con_trabajadores(carpeta: Path) -> None:
    """The holder: one registro vigente (modalidad 10) with 3 workers, and one of modalidad 40
    (voluntary, its 2 workers not counted); the third party is in the padrón too."""
    importar_padron(
        carpeta,
        [
            (TITULAR, REGISTRO, "10", "vigente"),
            (TITULAR, VOLUNTARIO, "40", "vigente"),
        ],
    )
    importar_altas(carpeta, REGISTRO, 3)
    importar_altas(carpeta, VOLUNTARIO, 2, desde=10)
