"""`buzon oficina alta --rfc R --nombre N --rol ROL --subdelegacion S` (ROL: notificador,
supervisor or administrador)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.legal.errores import ErrorLegal
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import do_alta_oficial


class Command(ComandoBuzon):
    help = "Servidores públicos que actúan en el Buzón."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        alta = sub.add_parser("alta", help="registra o actualiza a un servidor público")
        alta.add_argument("--rfc", required=True)
        alta.add_argument("--nombre", required=True)
        alta.add_argument("--rol", required=True, choices=Oficial.Rol.values)
        alta.add_argument("--subdelegacion", required=True)

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            resultado = do_alta_oficial(
                rfc=op["rfc"], nombre=op["nombre"], rol=op["rol"], subdelegacion=op["subdelegacion"]
            )
        except ErrorLegal as exc:
            raise CommandError(exc.mensaje) from exc
        oficial = resultado.oficial
        self.stdout.write(
            json.dumps(
                {
                    "rfc": oficial.rfc,
                    "nombre": oficial.nombre,
                    "rol": oficial.rol,
                    "subdelegacion": oficial.subdelegacion,
                    "nuevo": resultado.nuevo,
                },
                ensure_ascii=False,
            )
        )
