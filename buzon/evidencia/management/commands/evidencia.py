"""`buzon evidencia verificar | punto-de-control`: the evidence log, checked and sealed."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.evidencia.puntos import do_punto_de_control
from buzon.evidencia.sello import ErrorSello
from buzon.evidencia.tiempo import ErrorTiempo
from buzon.evidencia.verificacion import verificar_bitacora


class Command(ComandoBuzon):
    help = "Verifica la bitácora de evidencia o sella un punto de control."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        sub.add_parser("verificar", help="recalcula la cadena y los puntos de control")
        sub.add_parser("punto-de-control", help="sella el estado actual de la bitácora")

    def handle(self, *args: Any, **op: Any) -> None:
        if op["accion"] == "verificar":
            resultado = verificar_bitacora()
            salida: dict[str, object] = {
                "integra": resultado.integra,
                "entradas": resultado.entradas,
                "puntos_de_control": resultado.puntos_de_control,
            }
            if not resultado.integra:
                salida |= {"secuencia": resultado.secuencia, "problema": resultado.problema}
            self.stdout.write(json.dumps(salida, ensure_ascii=False))
            if not resultado.integra:
                raise CommandError(
                    resultado.problema or "La bitácora no está íntegra.", returncode=1
                )
            return
        try:
            punto = do_punto_de_control()
        except (ErrorSello, ErrorTiempo) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            json.dumps(
                {
                    "tamano": punto.tamano,
                    "raiz_merkle": punto.raiz_merkle,
                    "instante": punto.instante.isoformat(),
                    "sello_de_tiempo": punto.sello_de_tiempo is not None,
                },
                ensure_ascii=False,
            )
        )
