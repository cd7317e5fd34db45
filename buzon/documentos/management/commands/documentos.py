"""`buzon documentos`: the guides and formats for everyone (Documentos para todos).

buzon documentos listar [--todos]
buzon documentos publicar ARCHIVO.pdf --titulo T --tipo guia|formato --version V
                          [--descripcion D] --por RFC
buzon documentos retirar ID --por RFC

`--por`: the RFC of an active administrador (the same rule as the page and the API).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.comun.errores import ErrorBuzon
from buzon.documentos import selectors
from buzon.documentos.models import DocumentoPublico, TipoPublico
from buzon.documentos.servicios import (
    MAXIMO_PDF,
    Publicacion,
    do_publicar_documento,
    do_retirar_documento,
)


def _json_de(p: DocumentoPublico) -> dict[str, Any]:
    return {
        "id": p.pk,
        "titulo": p.titulo,
        "tipo": p.tipo,
        "version": p.version,
        "tamano": p.tamano,
        "sha256": p.sha256,
        "publicado": p.publicado.isoformat(),
        "publicado_por": p.publicado_por,
        "retirado": p.retirado.isoformat() if p.retirado else None,
    }


class Command(ComandoBuzon):
    help = "Publica, retira y lista las guías y los formatos para todos."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        listar = sub.add_parser("listar", help="guías y formatos vigentes (JSON)")
        listar.add_argument("--todos", action="store_true", help="incluir los retirados")
        publicar = sub.add_parser("publicar", help="publicar un PDF como guía o formato")
        publicar.add_argument("archivo")
        publicar.add_argument("--titulo", required=True)
        publicar.add_argument("--tipo", required=True, choices=TipoPublico.values)
        publicar.add_argument("--version", required=True)
        publicar.add_argument("--descripcion", default="")
        publicar.add_argument("--por", required=True, help="RFC del administrador")
        retirar = sub.add_parser("retirar", help="retirar uno (queda registrado)")
        retirar.add_argument("id", type=int)
        retirar.add_argument("--por", required=True, help="RFC del administrador")

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            getattr(self, f"_{op['accion']}")(op)
        except ErrorBuzon as exc:
            raise CommandError(exc.mensaje) from exc

    def _json(self, valor: Any) -> None:
        self.stdout.write(json.dumps(valor, ensure_ascii=False, indent=2))

    def _listar(self, op: dict[str, Any]) -> None:
        consulta = selectors.todos_los_publicos() if op["todos"] else selectors.publicos()
        self._json([_json_de(p) for p in consulta])

    def _publicar(self, op: dict[str, Any]) -> None:
        ruta = Path(op["archivo"])
        try:
            if ruta.stat().st_size > MAXIMO_PDF:
                raise CommandError(f"«{ruta}» pasa de {MAXIMO_PDF // (1024 * 1024)} MB: redúzcalo.")
            contenido = ruta.read_bytes()
        except OSError as exc:
            raise CommandError(f"No se pudo leer «{ruta}» ({exc.strerror}).") from exc
        p = do_publicar_documento(
            op["por"].strip().upper(),
            Publicacion(op["titulo"], op["descripcion"], op["tipo"], op["version"], contenido),
        )
        self._json(_json_de(p))

    def _retirar(self, op: dict[str, Any]) -> None:
        self._json(_json_de(do_retirar_documento(op["por"].strip().upper(), op["id"])))
