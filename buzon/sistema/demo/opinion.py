"""The opinión de cumplimiento demo (32-D): a registro for the employer without a mailbox, with
one crédito fiscal `exigible`, and one crédito in `convenio` (pago a plazos al corriente) for the
enabled employer, through the real imports (`buzon padron importar`, `buzon cobranza importar`).

So the enabled employer, whose registros have workers in force from the cuotas demo, obtains a
*positiva* whose motivos name the convenio that does not make it negative, and the other employer
a *negativa* naming its registro, credit and amount. Idempotent: the same files add nothing.
"""

from __future__ import annotations

from pathlib import Path

from buzon.cobranza.servicios import do_importar_creditos
from buzon.padron.servicios import do_importar_padron
from buzon.sistema.demo.comun import HABILITADO, SIN_BUZON, ErrorDemo
from buzon.sistema.demo.cuotas import REGISTRO_GENERAL

#: The registro of the employer without a mailbox (vigente, modalidad 10, Ciudad de México).
REGISTRO_SIN_BUZON = "Y8812345103"
CREDITO_EXIGIBLE = ("261000101", "Cuotas obrero-patronales", "2026-08", "18450.30")
CREDITO_CONVENIO = ("261000102", "Cuotas obrero-patronales", "2026-05", "5210.75")


def _escribir(ruta: Path, texto: str) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    if not ruta.exists() or ruta.read_text("utf-8") != texto:
        ruta.write_text(texto, "utf-8")
    return ruta


def cargar_opinion(carpeta: Path) -> dict[str, Path]:
    """Import the demo's padrón row and créditos; returns the files written (by name)."""
    rfc, nombre = SIN_BUZON
    padron = _escribir(
        carpeta / "padron_opinion.csv",
        "rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria,modalidad,situacion\n"
        f'{rfc},"{nombre}",{REGISTRO_SIN_BUZON},CMX,Centro,America/Mexico_City,10,vigente\n',
    )
    errores: list[str] = []
    do_importar_padron(padron, al_error=errores.append)
    if errores:
        raise ErrorDemo(f"No se pudo importar el padrón de la opinión: {errores[0]}")
    lineas = ["rfc,registro_patronal,credito,concepto,periodo,importe,situacion\n"]
    credito, concepto, periodo, importe = CREDITO_EXIGIBLE
    lineas.append(f"{rfc},{REGISTRO_SIN_BUZON},{credito},{concepto},{periodo},{importe},exigible\n")
    credito, concepto, periodo, importe = CREDITO_CONVENIO
    lineas.append(
        f"{HABILITADO[0]},{REGISTRO_GENERAL},{credito},{concepto},{periodo},{importe},convenio\n"
    )
    creditos = _escribir(carpeta / "creditos.csv", "".join(lineas))
    problemas: list[tuple[int, str | None, str]] = []
    do_importar_creditos(creditos, al_error=problemas.append)
    if problemas:
        linea, campo, mensaje = problemas[0]
        raise ErrorDemo(f"No se pudieron importar los créditos (línea {linea}, {campo}): {mensaje}")
    return {"padron_opinion": padron, "creditos": creditos}
