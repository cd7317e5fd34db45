"""`buzon demo`: loads the demo data (idempotent). Never run it on a production installation."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from django.conf import settings

from buzon.calendario.services import do_importar_calendario
from buzon.config.comandos import ComandoBuzon
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.sello import crear_sello_de_demostracion
from buzon.legal.formato_calendario import leer_texto

#: The demo's official; an obviously fictitious RFC (SAT's generic RFC for the public at large).
RFC_DEMO = "XAXX010101000"
#: Demo employers (the RFCs of SAT's public test files, with & to show it works end to end).
PATRONES_DEMO: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("XIQB891116QE4", "BERENICE XIMO QUEZADA", {"curp": "XIQB891116MGRMZR05"}),
    (
        "H&E951128469",
        "HERRERIA & ELECTRICOS SA DE CV",
        {"representante": ("XOJI740919U48", "XOJI740919MQTDMN02")},
    ),
)


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
        if not CertificadoSello.objects.filter(activo=True).exists():
            fila = crear_sello_de_demostracion()
            self.stdout.write(f"Demostración: sello institucional {fila.numero} creado.")
        self._efirmas()

    def _efirmas(self) -> None:
        """A test CA and two employers' e.firmas (.cer/.key) to log in with."""
        from buzon.efirma import pki

        carpeta = Path(settings.DATA_DIR) / "pki"
        try:
            ac = pki.cargar_ac(carpeta / "ac")
        except pki.ErrorPKI:
            ac = pki.crear_ac(carpeta / "ac", nombre="AC de demostración del Buzón")
        for rfc, nombre, opciones in PATRONES_DEMO:
            if not (carpeta / "efirmas" / f"{rfc}.cer").exists():
                cer, key = pki.emitir(ac, rfc=rfc, nombre=nombre, **opciones)  # type: ignore[arg-type]
                pki.escribir_credencial(carpeta / "efirmas", rfc, cer, key)
        self.stdout.write(
            f"Demostración: e.firmas de prueba en {carpeta / 'efirmas'} (contraseña "
            f"{pki.PASSWORD_PRUEBAS}); su AC de confianza está en {carpeta / 'ac'}."
        )
