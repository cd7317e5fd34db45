"""A registro with workers in the ledger, a previous prima and riesgos terminados, for the
riesgos tests: 10 workers vigente all of 2025 (N = 3650 ÷ 365 = 10), two cases in 2025 (S 50,
I 0.10), one en trayecto (excluded) and one of 2024 (another year)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import timezone

from buzon.cuotas.models import ArchivoAfiliacion, Asegurado, Movimiento, PrimaRT
from buzon.legal.nss import digito_nss
from buzon.padron.models import RegistroPatronal
from tests.actuaciones.fixtures import en_padron

REGISTRO = "Y5412345108"
OTRO = "Z0000000001"
ENCABEZADO = (
    "registro_patronal,nss,tipo,fecha_termino,dias_subsidiados,porcentaje_incapacidad,defuncion"
)


def nss(n: int) -> str:
    diez = f"{n:010d}"
    return diez + digito_nss(diez)


def _archivo() -> ArchivoAfiliacion:
    return ArchivoAfiliacion.objects.get_or_create(
        sha256="1" * 64,
        defaults={"tipo": "movimientos", "nombre": "t.csv", "importado_en": timezone.now()},
    )[0]


def ledger(
    registro: str = REGISTRO,
    trabajadores: int = 10,
    prima: str | None = "2.59840",
    desde: int = 0,
) -> RegistroPatronal:
    """`trabajadores` vigente from 2024-06-01 (SBC 500) and the prima in force since 2025-03-01."""
    r = RegistroPatronal.objects.get(registro=registro)
    archivo = _archivo()
    ahora = timezone.now()
    if prima is not None:
        PrimaRT.objects.create(
            registro=r,
            vigente_desde=date(2025, 3, 1),
            prima=Decimal(prima),
            archivo=archivo,
            linea=1,
        )
    for i in range(desde, desde + trabajadores):
        a = Asegurado.objects.create(
            nss=nss(i + 1),
            curp="XIQB891116MGRMZR05",
            nombre=f"Trabajador {i}",
            creado_en=ahora,
            importado_en=ahora,
        )
        Movimiento.objects.create(
            registro=r,
            asegurado=a,
            tipo="08",
            fecha=date(2024, 6, 1),
            sbc=Decimal("500.00"),
            archivo=archivo,
            linea=i + 1,
        )
    return r


def csv_riesgos(carpeta: Path, filas: list[str], nombre: str = "riesgos.csv") -> Path:
    ruta = carpeta / nombre
    ruta.write_bytes(("\r\n".join([ENCABEZADO, *filas]) + "\r\n").encode("utf-8"))
    return ruta


def filas_2025(registro: str = REGISTRO) -> list[str]:
    return [
        f"{registro},{nss(1)},accidente,2025-05-10,38,10,no",
        f"{registro},{nss(2)},enfermedad,2025-11-30,12,0,no",
        f"{registro},{nss(3)},trayecto,2025-07-01,20,5,no",
        f"{registro},{nss(4)},accidente,2024-12-31,7,0,no",
    ]


def importar(ruta: Path, accion: str = "importar") -> tuple[int, str, str]:
    salida, errores = io.StringIO(), io.StringIO()
    try:
        call_command("riesgos", accion, str(ruta), stdout=salida, stderr=errores)
        codigo = 0
    except CommandError as exc:
        codigo = exc.returncode
        errores.write(str(exc))
    return codigo, salida.getvalue(), errores.getvalue()


def escenario(
    rfc: str, carpeta: Path, registro: str = REGISTRO, **ledger_: object
) -> RegistroPatronal:
    en_padron(rfc, registro)
    r = ledger(registro, **ledger_)  # type: ignore[arg-type]
    codigo, _, errores = importar(csv_riesgos(carpeta, filas_2025(registro), f"r-{registro}.csv"))
    assert codigo == 0, errores
    return r
