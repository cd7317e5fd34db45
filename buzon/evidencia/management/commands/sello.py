"""`buzon sello instalar|listar|demostracion`: the Institute's seal certificates."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.sello import ErrorSello, crear_sello_de_demostracion, do_instalar_sello


class Command(ComandoBuzon):
    help = "Administra el sello institucional (rotación sin perder la verificación de lo anterior)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        instalar = sub.add_parser("instalar", help="instala un sello y lo vuelve el activo")
        instalar.add_argument("--cer", required=True, help="certificado del sello (DER o PEM)")
        instalar.add_argument("--key", required=True, help="llave PKCS#8 cifrada")
        instalar.add_argument(
            "--password-archivo",
            help="archivo con la contraseña (omisión: variable BUZON_SELLO_PASSWORD)",
        )
        sub.add_parser("listar", help="certificados de sello publicados")
        sub.add_parser("demostracion", help="crea un sello de una AC local (solo demostración)")

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            if op["accion"] == "instalar":
                fila = do_instalar_sello(
                    Path(op["cer"]).read_bytes(), Path(op["key"]).read_bytes(), self._password(op)
                )
            elif op["accion"] == "demostracion":
                fila = crear_sello_de_demostracion()
            else:
                self.stdout.write(
                    json.dumps(
                        [
                            {
                                "numero": c.numero,
                                "activo": c.activo,
                                "vigente_desde": c.vigente_desde.isoformat(),
                                "vigente_hasta": c.vigente_hasta.isoformat(),
                                "retirado_en": c.retirado_en.isoformat() if c.retirado_en else None,
                            }
                            for c in CertificadoSello.objects.all()
                        ],
                        ensure_ascii=False,
                        indent=2,
                    )
                )
                return
        except OSError as exc:
            raise CommandError(f"No se pudo leer «{exc.filename}» ({exc.strerror}).") from exc
        except ErrorSello as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps({"numero": fila.numero, "activo": fila.activo}))

    def _password(self, op: dict[str, Any]) -> str:
        if op["password_archivo"]:
            return Path(op["password_archivo"]).read_text(encoding="utf-8").strip()
        password = os.environ.get("BUZON_SELLO_PASSWORD")
        if not password:
            raise CommandError(
                "Falta la contraseña de la llave: use --password-archivo o BUZON_SELLO_PASSWORD."
            )
        return password
