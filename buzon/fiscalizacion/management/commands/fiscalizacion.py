"""`buzon fiscalizacion programar --periodo 2026-T1` (the whole padrón, set-based, idempotent per
period) and the imports the indicators read: `importar-actividades F.csv`
(registro_patronal,actividad,clase_declarada,clase_actividad), `importar-plantilla F.csv`
(rfc,trabajadores,fuente), `importar-reclamos F.csv` (nss,tipo,fecha). JSON on stdout; problems on
stderr, one line each. Exit 0 ok, 1 rows refused (nothing written), 2 bad file or argument.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.fiscalizacion import importacion
from buzon.fiscalizacion.errores import ErrorFiscalizacion
from buzon.fiscalizacion.servicios import do_programar

IMPORTACIONES = {
    "importar-actividades": importacion.importar_actividades,
    "importar-plantilla": importacion.importar_plantilla,
    "importar-reclamos": importacion.importar_reclamos,
}


class Command(ComandoBuzon):
    help = "Fiscalización: el programa por periodo y los datos que leen sus indicadores."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        programar = sub.add_parser(
            "programar", help="calcula los indicadores de todo el padrón y propone los actos"
        )
        programar.add_argument("--periodo", required=True, help="trimestre, como 2026-T1")
        for nombre in IMPORTACIONES:
            sub.add_parser(nombre, help=f"{nombre.replace('-', ' ')} desde un CSV").add_argument(
                "archivo"
            )

    def handle(self, *args: Any, **op: Any) -> None:
        if op["accion"] == "programar":
            try:
                corrida = do_programar(op["periodo"])
            except ErrorFiscalizacion as exc:
                self.stderr.write(exc.mensaje)
                sys.exit(2)
            p = corrida.programa
            self.stdout.write(
                json.dumps(
                    {
                        "programa": p.pk,
                        "periodo": p.periodo,
                        "nuevo": corrida.nuevo,
                        "registros": p.registros,
                        "con_puntos": p.con_puntos,
                        "actos": p.actos,
                        "huella": p.huella,
                    },
                    ensure_ascii=False,
                )
            )
            return
        try:
            resumen = IMPORTACIONES[op["accion"]](Path(op["archivo"]))
        except importacion.ErrorArchivo as exc:
            self.stderr.write(str(exc))
            sys.exit(2)
        self.stdout.write(json.dumps(resumen.como_dict(), ensure_ascii=False))
        for linea in resumen.errores:
            self.stderr.write(linea)
        if resumen.errores:
            self.stderr.write("Corrija las líneas señaladas: no se importó ninguna fila.")
            sys.exit(1)
