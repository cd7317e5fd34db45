"""`buzon demo`: loads the demo data (idempotent). Never run it on a production installation."""

from __future__ import annotations

from importlib import resources
from typing import Any

from buzon.calendario.services import do_importar_calendario
from buzon.config.comandos import ComandoBuzon
from buzon.legal.formato_calendario import leer_texto

#: The demo's official; an obviously fictitious RFC (SAT's generic RFC for the public at large).
RFC_DEMO = "XAXX010101000"


class Command(ComandoBuzon):
    help = "Carga los datos de demostración (se puede repetir sin duplicar)."

    def handle(self, *args: Any, **opciones: Any) -> None:
        texto = (
            resources.files("buzon.calendario").joinpath("datos", "demo.json").read_text("utf-8")
        )
        resultados = do_importar_calendario(leer_texto(texto), por=RFC_DEMO)
        nuevos = sum(r.nuevo for r in resultados)
        self.stdout.write(
            f"Demostración: {nuevos} días inhábiles declarados nuevos, "
            f"{len(resultados) - nuevos} ya existían."
        )
