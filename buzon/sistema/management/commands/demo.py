"""`buzon demo`: loads the demo data (idempotent). Never run it on a production installation.

Calendar, seal, a test CA with employers' and officials' e.firmas, one employer's mailbox
enabled, one notification in every state, that employer's afiliación ledger and emisiones de
cuotas (buzon.sistema.demo), and a short guide (buzon.sistema.demo.guia).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import CommandError

from buzon.calendario.servicios import do_importar_calendario
from buzon.comun.comandos import ComandoBuzon
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.sello import crear_sello_de_demostracion
from buzon.legal.formato_calendario import leer_texto
from buzon.sistema.demo import HABILITADO, SIN_BUZON

if TYPE_CHECKING:
    from buzon.efirma.pki import AC
    from buzon.sistema.demo import Resultado

#: The demo's official; an obviously fictitious RFC (SAT's generic RFC for the public at large).
RFC_DEMO = "XAXX010101000"
#: Demo employers (the RFCs of SAT's public test files, with & to show it works end to end).
PATRONES_DEMO: tuple[tuple[str, str, dict[str, object]], ...] = (
    (*HABILITADO, {"curp": "XIQB891116MGRMZR05"}),
    (*SIN_BUZON, {"representante": ("XOJI740919U48", "XOJI740919MQTDMN02")}),
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
        ac, carpeta = self._efirmas()
        from buzon.comun.errores import ErrorBuzon
        from buzon.sistema.demo import ErrorDemo, cargar

        try:
            resultado = cargar(
                carpeta / "efirmas", ac, Path(settings.DATA_DIR) / "demo", self.stdout.write
            )
        except ErrorDemo as exc:
            raise CommandError(str(exc)) from exc
        except ErrorBuzon as exc:
            raise CommandError(f"Datos de demostración: {exc.mensaje}") from exc
        self._guia(resultado, carpeta)

    def _efirmas(self) -> tuple[AC, Path]:
        """A test CA and two employers' e.firmas (.cer/.key) to log in with."""
        from buzon.efirma import pki

        carpeta = Path(settings.DATA_DIR) / "pki"
        try:
            ac = pki.cargar_ac(carpeta / "ac")
        except pki.ErrorPKI:
            # Valid from well before the demo's past instants (its officials sign back then).
            inicio = datetime(2020, 1, 1, tzinfo=UTC)
            ac = pki.crear_ac(
                carpeta / "ac",
                nombre="AC de demostración del Buzón",
                desde=inicio,
                hasta=datetime.now(UTC) + timedelta(days=3650),
            )
        for rfc, nombre, opciones in PATRONES_DEMO:
            if not (carpeta / "efirmas" / f"{rfc}.cer").exists():
                cer, key = pki.emitir(ac, rfc=rfc, nombre=nombre, **opciones)  # type: ignore[arg-type]
                pki.escribir_credencial(carpeta / "efirmas", rfc, cer, key)
        self.stdout.write(
            f"Demostración: e.firmas de prueba en {carpeta / 'efirmas'} (contraseña "
            f"{pki.PASSWORD_PRUEBAS}); su AC de confianza está en {carpeta / 'ac'}."
        )
        return ac, carpeta

    def _guia(self, r: Resultado, carpeta: Path) -> None:
        """What to look at, in Spanish, for a person trying the demo (`demo.guia`)."""
        from buzon.sistema.demo.guia import guia

        base = str(settings.BUZON_URL_PUBLICA).rstrip("/")
        self.stdout.write(guia(r, base, carpeta / "efirmas"))
