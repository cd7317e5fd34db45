"""`buzon normatividad`: the legal library from the command line (officials with role
administrador add; anyone lists and searches).

buzon normatividad agregar --archivo F.txt --tipo ley --nombre TEXTO --clave CLAVE
                           --dof AAAA-MM-DD --fuente TEXTO [--vigor AAAA-MM-DD] --por RFC
buzon normatividad cargar-demo --por RFC      (the texts shipped in buzon/normatividad/textos/)
buzon normatividad listar
buzon normatividad buscar PALABRAS [--clave CLAVE] [--fecha AAAA-MM-DD]
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.comun.errores import ErrorBuzon
from buzon.normatividad import busqueda, selectors
from buzon.normatividad.biblioteca_demo import cargar_textos_incluidos
from buzon.normatividad.models import Texto
from buzon.normatividad.servicios import Alta, do_agregar_version, leer_archivo


def _dia(valor: str) -> date:
    try:
        return date.fromisoformat(valor)
    except ValueError as exc:
        raise ValueError(valor) from exc


class Command(ComandoBuzon):
    help = "Biblioteca de normatividad: agregar textos o versiones, listar y buscar."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        agregar = sub.add_parser("agregar", help="agregar un texto o una versión nueva")
        agregar.add_argument("--archivo", required=True, help="texto completo, UTF-8")
        agregar.add_argument("--tipo", required=True, choices=Texto.Tipo.values)
        agregar.add_argument("--nombre", required=True)
        agregar.add_argument("--clave", required=True, help="clave corta, ej. cff")
        agregar.add_argument("--dof", required=True, type=_dia, help="publicación AAAA-MM-DD")
        agregar.add_argument("--fuente", required=True, help="referencia o dirección del DOF")
        agregar.add_argument("--vigor", type=_dia, help="entrada en vigor (día siguiente)")
        agregar.add_argument("--por", required=True, help="RFC del administrador")
        demo = sub.add_parser("cargar-demo", help="cargar los textos incluidos (textos/)")
        demo.add_argument("--por", required=True, help="RFC del administrador")
        sub.add_parser("listar", help="los textos y su versión vigente (JSON)")
        buscar = sub.add_parser("buscar", help="búsqueda de texto completo (JSON)")
        buscar.add_argument("palabras", nargs="+")
        buscar.add_argument("--clave")
        buscar.add_argument("--fecha", type=_dia)

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            getattr(self, "_" + op["accion"].replace("-", "_"))(op)
        except ErrorBuzon as exc:
            campo = f" (campo «{exc.campo}»)" if exc.campo else ""
            raise CommandError(exc.mensaje + campo) from exc

    def _json(self, valor: Any) -> None:
        self.stdout.write(json.dumps(valor, ensure_ascii=False, indent=2))

    def _agregar(self, op: dict[str, Any]) -> None:
        ruta = Path(op["archivo"])
        try:
            datos = ruta.read_bytes()
        except OSError as exc:
            raise CommandError(f"No se pudo leer «{ruta}» ({exc.strerror}).") from exc
        alta = Alta(op["clave"], op["tipo"], op["nombre"], op["dof"], op["fuente"], op["vigor"])
        resultado = do_agregar_version(alta, leer_archivo(datos), por=op["por"])
        v = resultado.version
        self._json(
            {
                "clave": v.texto.clave,
                "version": v.numero,
                "nueva": resultado.nueva,
                "sha256": v.sha256,
                "articulos": v.articulos.count(),
            }
        )

    def _cargar_demo(self, op: dict[str, Any]) -> None:
        self._json(cargar_textos_incluidos(op["por"]))

    def _listar(self, op: dict[str, Any]) -> None:
        self._json(
            [
                {
                    "clave": f.texto.clave,
                    "nombre": f.texto.nombre,
                    "versiones": f.versiones,
                    "vigente": f.vigente.numero if f.vigente else None,
                }
                for f in selectors.biblioteca()
            ]
        )

    def _buscar(self, op: dict[str, Any]) -> None:
        resultados = busqueda.buscar(" ".join(op["palabras"]), clave=op["clave"], fecha=op["fecha"])
        self._json(
            [
                {
                    "clave": r.texto.clave,
                    "version": r.version.numero,
                    "articulo": r.articulo.clave,
                    "extracto": "".join(f"[{t.texto}]" if t.marcado else t.texto for t in r.tramos),
                }
                for r in resultados
            ]
        )
