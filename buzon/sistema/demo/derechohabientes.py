"""The derechohabientes demo: a worker of the cuotas demo (JUAN GARCIA LOPEZ, employed by the
enabled employer) gets a persona física e.firma whose CURP is the one of their NSS in the ledger,
so they log in and obtain their constancias; and semanas descontadas and reintegradas for them,
through the real import (`buzon derechohabientes importar-semanas`).

Call after `cargar_cuotas` (it loads the worker's movements). Idempotent: the e.firma files are
kept while valid, the same CSV adds nothing.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from buzon.derechohabientes.importacion import do_importar_semanas
from buzon.efirma import leer_certificado, pki
from buzon.sistema.demo.comun import ErrorDemo
from buzon.sistema.demo.cuotas import DE_MUESTRA

#: The worker's RFC (persona física: the CURP's first ten characters and a homoclave).
RFC_TRABAJADOR = DE_MUESTRA.curp[:10] + "AB1"


def _credencial(ac: pki.AC, carpeta: Path) -> tuple[Path, Path]:
    ruta_cer, ruta_key = carpeta / f"{RFC_TRABAJADOR}.cer", carpeta / f"{RFC_TRABAJADOR}.key"
    ahora = timezone.now()
    if ruta_cer.exists() and ruta_key.exists():
        certificado = leer_certificado(ruta_cer.read_bytes())
        if certificado.valido_desde <= ahora < certificado.valido_hasta:
            return ruta_cer, ruta_key
    cer, key = pki.emitir(
        ac,
        rfc=RFC_TRABAJADOR,
        nombre=DE_MUESTRA.nombre,
        curp=DE_MUESTRA.curp,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=4 * 365),
    )
    return pki.escribir_credencial(carpeta, RFC_TRABAJADOR, cer, key)


def cargar_derechohabientes(carpeta_efirmas: Path, ac: pki.AC, carpeta: Path) -> dict[str, Path]:
    """The worker's e.firma (in `carpeta_efirmas`) and their semanas descontadas/reintegradas
    (the CSV in `carpeta`); returns the files by name."""
    ruta_cer, ruta_key = _credencial(ac, carpeta_efirmas)
    ruta = carpeta / "semanas_ajustes.csv"
    texto = (
        "nss,tipo,fecha,semanas,referencia\n"
        f"{DE_MUESTRA.nss},descontadas,2024-03-04,12,RD-2024-000123\n"
        f"{DE_MUESTRA.nss},reintegradas,2025-02-10,5,RI-2025-000045\n"
    )
    carpeta.mkdir(parents=True, exist_ok=True)
    if not ruta.exists() or ruta.read_text("utf-8") != texto:
        ruta.write_text(texto, "utf-8")
    problemas: list[tuple[int, str | None, str]] = []
    do_importar_semanas(ruta, al_error=problemas.append)
    if problemas:
        linea, campo, mensaje = problemas[0]
        raise ErrorDemo(f"No se pudieron importar las semanas (línea {linea}, {campo}): {mensaje}")
    return {"efirma_trabajador": ruta_cer, "llave_trabajador": ruta_key, "semanas": ruta}
