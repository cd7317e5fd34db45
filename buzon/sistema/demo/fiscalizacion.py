"""The fiscalización demo: the enabled employer's registros with their activity and classes (one
paying class I for an activity of class III), an external head count of its RFC above what it
reports, and the programme of the last complete quarter, through the real imports and
`do_programar` (idempotent: a period already run is returned). Call it after `cargar_cuotas`
(the padrón and the ledger are its data)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from buzon.fiscalizacion import importacion
from buzon.fiscalizacion.models import Acto
from buzon.fiscalizacion.servicios import do_programar
from buzon.notificaciones.emision.catalogo import asegurar_catalogo
from buzon.sistema.demo.comun import HABILITADO, ErrorDemo
from buzon.sistema.demo.cuotas import REGISTRO_GENERAL, REGISTRO_ZLFN


def trimestre_anterior(hoy: date) -> str:
    """The last complete quarter before `hoy`, as `AAAA-Tn`."""
    inicio = date(hoy.year, 3 * ((hoy.month - 1) // 3) + 1, 1)
    dia = inicio - timedelta(days=1)
    return f"{dia.year}-T{(dia.month - 1) // 3 + 1}"


def _importar(carpeta: Path, nombre: str, texto: str, importar: object) -> None:
    ruta = carpeta / nombre
    ruta.parent.mkdir(parents=True, exist_ok=True)
    ruta.write_text(texto, encoding="utf-8")
    resumen = importar(ruta)  # type: ignore[operator]
    if resumen.errores:
        raise ErrorDemo(f"No se pudo importar {nombre} de demostración: {resumen.errores[0]}")


def cargar_fiscalizacion(carpeta: Path, hoy: date) -> dict[str, object]:
    """Returns the programme's id, period, acts and the demo registro's act (if proposed)."""
    asegurar_catalogo()
    _importar(
        carpeta,
        "fiscalizacion-actividades.csv",
        "registro_patronal,actividad,clase_declarada,clase_actividad\n"
        f"{REGISTRO_GENERAL},841,I,III\n{REGISTRO_ZLFN},841,III,III\n",
        importacion.importar_actividades,
    )
    _importar(
        carpeta,
        "fiscalizacion-plantilla.csv",
        f"rfc,trabajadores,fuente\n{HABILITADO[0]},40,CFDI de nómina (demostración)\n",
        importacion.importar_plantilla,
    )
    periodo = trimestre_anterior(hoy)
    programa = do_programar(periodo, "demo").programa
    acto = Acto.objects.filter(programa=programa, registro=REGISTRO_GENERAL, padre=None).first()
    return {
        "programa": programa.pk,
        "periodo": programa.periodo,
        "actos": programa.actos,
        "acto_demo": acto.pk if acto else None,
        "tipo_demo": acto.tipo if acto else None,
        "url": f"/oficina/fiscalizacion/programas/{programa.pk}/",
    }
