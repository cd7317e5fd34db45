"""`buzon tramites importar ARCHIVO.json …` and `buzon tramites listar`: the catalogue of
trámites, declared as data (docs/actuaciones.md). Each line of output is one JSON object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.actuaciones.catalogo import asegurar_tramites, do_importar_tramite
from buzon.actuaciones.esquemas import ErrorDeclaracion
from buzon.actuaciones.models import Tramite
from buzon.comun.comandos import ComandoBuzon


class Command(ComandoBuzon):
    help = "Catálogo de trámites de las actuaciones: importar declaraciones o listarlas."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        importar = sub.add_parser("importar", help="importa (o actualiza) trámites desde JSON")
        importar.add_argument("archivos", nargs="+", metavar="ARCHIVO.json")
        listar = sub.add_parser("listar", help="lista los trámites y sus versiones")
        listar.add_argument("--todas", action="store_true", help="también versiones anteriores")

    def handle(self, *args: Any, **op: Any) -> None:
        if op["accion"] == "importar":
            self._importar(op["archivos"])
        else:
            self._listar(op["todas"])

    def _importar(self, archivos: list[str]) -> None:
        for ruta in archivos:
            try:
                texto = Path(ruta).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"{ruta}: no se pudo leer como texto UTF-8 ({exc}).") from exc
            try:
                hecho = do_importar_tramite(texto)
            except ErrorDeclaracion as exc:
                raise CommandError(f"{ruta}: {exc.mensaje} (campo «{exc.campo}»)") from exc
            self.stdout.write(
                json.dumps(
                    {
                        "archivo": ruta,
                        "clave": hecho.clave,
                        "version": hecho.version,
                        "nuevo": hecho.nuevo,
                    },
                    ensure_ascii=False,
                )
            )

    def _listar(self, todas: bool) -> None:
        asegurar_tramites()
        consulta = Tramite.objects.order_by("clave", "-importado_en")
        if not todas:
            consulta = consulta.filter(vigente=True)
        for t in consulta:
            self.stdout.write(
                json.dumps(
                    {
                        "clave": t.clave,
                        "version": t.version,
                        "nombre": t.nombre,
                        "vigente": t.vigente,
                        "espera_respuesta": t.espera_respuesta,
                        "importado_en": t.importado_en.isoformat(),
                    },
                    ensure_ascii=False,
                )
            )
