"""`buzon habilitacion importar-2020 | extemporaneos | terminos`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from buzon.comun.comandos import ComandoBuzon
from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.importacion import importar_2020
from buzon.habilitacion.models import TerminosCondiciones
from buzon.habilitacion.selectors import entrada_en_vigor, no_habilitados_en_plazo
from buzon.legal import plazos


class Command(ComandoBuzon):
    help = "Habilitación del buzón: importación 2020, extemporáneos y términos."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        importar = sub.add_parser(
            "importar-2020", help="buzones habilitados con los lineamientos 2020"
        )
        importar.add_argument("archivo")
        sub.add_parser("extemporaneos", help="patrones que no habilitaron en los 180 días (JSON)")
        terminos = sub.add_parser("terminos", help="publica una nueva versión de los términos")
        terminos.add_argument("--version", dest="numero", required=True)
        terminos.add_argument("--archivo", required=True, help="texto UTF-8 de los términos")

    def handle(self, *args: Any, **op: Any) -> None:
        getattr(self, "_" + op["accion"].replace("-", "_"))(op)

    def _importar_2020(self, op: dict[str, Any]) -> None:
        try:
            with open(op["archivo"], encoding="utf-8-sig", newline="") as archivo:
                resultado = importar_2020(archivo)
        except OSError as exc:
            raise CommandError(f"No se pudo leer «{op['archivo']}» ({exc.strerror}).") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"«{op['archivo']}» no está en UTF-8.") from exc
        except ErrorHabilitacion as exc:
            raise CommandError(exc.mensaje, returncode=2) from exc
        for error in resultado.errores:
            sys.stderr.write(error + "\n")
        self.stdout.write(
            json.dumps(
                {
                    "importados": resultado.importados,
                    "sin_cambios": resultado.sin_cambios,
                    "con_error": len(resultado.errores),
                },
                ensure_ascii=False,
            )
        )
        if resultado.errores:
            raise CommandError(f"{len(resultado.errores)} filas con error.", returncode=1)

    def _extemporaneos(self, op: dict[str, Any]) -> None:
        from buzon.calendario.selectors import calendario_para

        desde = plazos.habilitacion_extemporanea_desde(entrada_en_vigor(), calendario_para())
        self.stdout.write(
            json.dumps(
                {
                    "extemporaneos_desde": desde.isoformat(),
                    "patrones": [
                        {"rfc": p.rfc, "nombre": p.nombre}
                        for p in no_habilitados_en_plazo(timezone.now()).iterator(chunk_size=5000)
                    ],
                },
                ensure_ascii=False,
            )
        )

    def _terminos(self, op: dict[str, Any]) -> None:
        try:
            texto = Path(op["archivo"]).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"No se pudo leer «{op['archivo']}» como texto UTF-8.") from exc
        if not texto:
            raise CommandError("El archivo de términos está vacío.")
        if TerminosCondiciones.objects.filter(version=op["numero"]).exists():
            raise CommandError(f"Ya existe la versión {op['numero']}: use otro número.")
        TerminosCondiciones.objects.create(
            version=op["numero"], texto=texto, vigente_desde=timezone.now()
        )
        self.stdout.write(json.dumps({"version": op["numero"], "vigente": True}))
