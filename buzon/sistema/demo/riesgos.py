"""The prima de riesgos de trabajo demo (LSS 72–74; relación 10.3, 10.4): riesgos terminados of
the enabled employer's general registro, through the real import (`buzon riesgos importar`): an
accident with 38 days subsidised and a 10 % permanent incapacity, an illness with 12 days, and an
accident en trayecto (read, counted and excluded). With the cuotas demo's workers as N, the
employer sees «Riesgos de trabajo terminados», the determination with every number, and files it.
Idempotent: the same file adds nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from buzon.riesgos.importacion import do_importar_riesgos
from buzon.sistema.demo.comun import ErrorDemo
from buzon.sistema.demo.cuotas import ASEGURADOS, REGISTRO_GENERAL


def anio_demo(hoy: date) -> int:
    """The year shown: the one just closed in January and February, else the one in course."""
    return hoy.year - 1 if hoy.month <= 2 else hoy.year


def cargar_riesgos(carpeta: Path, hoy: date) -> dict[str, Path]:
    """Import the demo's riesgos terminados (needs `cargar_cuotas` first: the padrón and the
    workers); returns the file written, by name."""
    anio = anio_demo(hoy)
    dia = min(hoy, date(anio, 12, 31))
    w1, w2, w3 = ASEGURADOS[0], ASEGURADOS[1], ASEGURADOS[2]
    texto = (
        "registro_patronal,nss,tipo,fecha_termino,dias_subsidiados,porcentaje_incapacidad,"
        "defuncion\n"
        f"{REGISTRO_GENERAL},{w1.nss},accidente,{dia.replace(day=1).isoformat()},38,10,no\n"
        f"{REGISTRO_GENERAL},{w2.nss},enfermedad,{dia.replace(day=2).isoformat()},12,0,no\n"
        f"{REGISTRO_GENERAL},{w3.nss},trayecto,{dia.replace(day=3).isoformat()},9,0,no\n"
    )
    ruta = carpeta / "riesgos.csv"
    ruta.parent.mkdir(parents=True, exist_ok=True)
    if not ruta.exists() or ruta.read_text("utf-8") != texto:
        ruta.write_text(texto, "utf-8")
    problemas: list[tuple[int, str | None, str]] = []
    do_importar_riesgos(ruta, al_error=problemas.append)
    if problemas:
        linea, campo, mensaje = problemas[0]
        raise ErrorDemo(f"No se pudieron importar los riesgos (línea {linea}, {campo}): {mensaje}")
    return {"riesgos": ruta}
