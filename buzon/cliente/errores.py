"""The client's failures: a stable code for programs, a Spanish sentence for people, an exit code.

Exit codes: 2 for a usage error (bad arguments, missing password, a file that cannot be read),
1 for everything the server or a check refused (and network failures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

USO = 2
FALLA = 1


class ErrorCliente(Exception):
    """A failure to report: `codigo` and `mensaje`; `cuerpo` is what --json prints."""

    salida = FALLA

    def __init__(self, codigo: str, mensaje: str, campo: str | None = None) -> None:
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo

    @property
    def cuerpo(self) -> dict[str, Any]:
        datos: dict[str, Any] = {"error": self.codigo, "mensaje": self.mensaje}
        if self.campo is not None:
            datos["campo"] = self.campo
        return datos

    @property
    def texto(self) -> str:
        """What a person reads on stderr."""
        return self.mensaje


class ErrorUso(ErrorCliente):
    """The command line is wrong (exit 2)."""

    salida = USO

    def __init__(self, mensaje: str, campo: str | None = None) -> None:
        super().__init__("argumento_invalido", mensaje, campo)
        self.uso: str | None = None  # the sub-command's usage line, for argparse's own errors


class ErrorServidor(ErrorCliente):
    """The server answered with an error body `{"error", "mensaje", "campo"}`: shown as it came."""

    def __init__(self, estado: int, respuesta: Mapping[str, Any]) -> None:
        codigo = str(respuesta.get("error") or f"http_{estado}")
        mensaje = str(respuesta.get("mensaje") or f"El servidor respondió con el estado {estado}.")
        campo = respuesta.get("campo")
        super().__init__(codigo, mensaje, str(campo) if campo else None)
        self.estado = estado
        self.respuesta = dict(respuesta)

    @property
    def cuerpo(self) -> dict[str, Any]:
        return self.respuesta

    @property
    def texto(self) -> str:
        campo = f" (campo: {self.campo})" if self.campo else ""
        return f"El servidor rechazó la solicitud [{self.codigo}]: {self.mensaje}{campo}"


class SesionVencida(ErrorCliente):
    """401 on a call made with a stored session."""

    def __init__(self, rfc: str | None) -> None:
        de = f" de {rfc}" if rfc else ""
        super().__init__(
            "sesion_vencida",
            f"La sesión{de} venció o se cerró (vencen tras 15 minutos sin uso). Entre de nuevo "
            "con «buzon cliente entrar --cer ARCHIVO.cer --key ARCHIVO.key» y repita la "
            "operación.",
        )
