"""`buzon convenios alta|revocar|lista`: the agencies' convenios (relación 9.4, servicio web).

    buzon convenios alta --dependencia "SAT" --rfc SAT970701NN3 --fundamento "…" --finalidad "…"
        --desde 2026-01-01 --hasta 2026-12-31 --cuota 100000 --certificado sat.cer [--certificado …]
    buzon convenios revocar ID_O_CLIENTE --motivo "…"
    buzon convenios lista

Each prints JSON; `alta` prints the client id the agency puts in `iss`/`sub` of its assertions.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from buzon.comun.comandos import ComandoBuzon, entero_positivo
from buzon.comun.errores import ErrorBuzon
from buzon.convenios.selectors import access_convenio, como_json, lista_json
from buzon.convenios.servicios import DatosConvenio, do_registrar_convenio, do_revocar_convenio

#: Who acted, when a change comes from the console (the operator of the installation).
POR_CONSOLA = "consola"


def _fecha(valor: str) -> date:
    return date.fromisoformat(valor)


class Command(ComandoBuzon):
    help = "Convenios con dependencias para el servicio web de opiniones."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        alta = sub.add_parser("alta", help="registra un convenio")
        alta.add_argument("--dependencia", required=True)
        alta.add_argument("--rfc", required=True)
        alta.add_argument("--fundamento", required=True, help="fundamento legal del convenio")
        alta.add_argument("--finalidad", required=True, help="para qué consulta la dependencia")
        alta.add_argument("--desde", required=True, type=_fecha, help="AAAA-MM-DD")
        alta.add_argument("--hasta", required=True, type=_fecha, help="AAAA-MM-DD")
        alta.add_argument("--cuota", required=True, type=entero_positivo, help="opiniones por día")
        alta.add_argument("--alcance", default="opinion")
        alta.add_argument(
            "--certificado", required=True, action="append", type=Path,
            help="certificado institucional (.cer, DER); repetible",
        )  # fmt: skip
        revocar = sub.add_parser("revocar", help="revoca un convenio (efecto inmediato)")
        revocar.add_argument("convenio", help="número o identificador de cliente")
        revocar.add_argument("--motivo", required=True)
        sub.add_parser("lista", help="lista los convenios con su uso de hoy")

    def _imprimir(self, datos: Any) -> None:
        self.stdout.write(json.dumps(datos, ensure_ascii=False, cls=DjangoJSONEncoder))

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            if op["accion"] == "alta":
                ders = []
                for ruta in op["certificado"]:
                    try:
                        ders.append(ruta.read_bytes())
                    except OSError as exc:
                        raise CommandError(
                            f"No se puede leer el certificado «{ruta}»: {exc.strerror}."
                        ) from exc
                convenio = do_registrar_convenio(
                    DatosConvenio(
                        dependencia=op["dependencia"],
                        rfc=op["rfc"],
                        fundamento=op["fundamento"],
                        finalidad=op["finalidad"],
                        vigente_desde=op["desde"],
                        vigente_hasta=op["hasta"],
                        cuota_diaria=op["cuota"],
                        certificados=ders,
                        alcance=op["alcance"],
                    ),
                    por=POR_CONSOLA,
                )
                self._imprimir(como_json(convenio, 0))
            elif op["accion"] == "revocar":
                convenio = do_revocar_convenio(
                    access_convenio(op["convenio"]), motivo=op["motivo"], por=POR_CONSOLA
                )
                self._imprimir(como_json(convenio))
            else:
                self._imprimir(lista_json())
        except ErrorBuzon as exc:
            campo = f" (campo: {exc.campo})" if exc.campo else ""
            raise CommandError(f"{exc.mensaje}{campo}") from exc
