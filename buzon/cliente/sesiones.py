"""Stored sessions: one file per RFC, so an accountant keeps sessions for many employers at once.

`$BUZON_CLIENTE_DIR` (default `~/.config/buzon-cliente/`) holds `sesiones/<RFC>.json` (folder
0700, files 0600: the bearer token, the RFC, the name, the server and the expiry the server
announced) and `ultima` (the RFC used last). Files are written to a temporary name and renamed, so a
session file is never half-written. Only the token is kept: never the key, its password or the
certificate.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errores import ErrorCliente, ErrorUso

ENV_CARPETA = "BUZON_CLIENTE_DIR"
RFC = re.compile(r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$")


def carpeta_por_omision() -> Path:
    propia = os.environ.get(ENV_CARPETA)
    if propia:
        return Path(propia).expanduser()
    configuracion = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(configuracion) / "buzon-cliente"


def normalizar_rfc(rfc: str) -> str:
    valor = rfc.strip().upper()
    if not RFC.match(valor):
        raise ErrorUso(
            f"«{rfc}» no es un RFC válido (ejemplos: AAA010101AAA para una persona moral, "
            "XIQB891116QE4 para una física).",
            "rfc",
        )
    return valor


@dataclass(frozen=True)
class Sesion:
    rfc: str
    nombre: str
    token: str
    url: str
    perfil: str
    expira: str

    @classmethod
    def desde(cls, datos: Mapping[str, Any]) -> Sesion:
        return cls(**{campo: str(datos.get(campo) or "") for campo in cls.__dataclass_fields__})


def _escribir_privado(ruta: Path, contenido: bytes) -> None:
    """Write with mode 0600 from the first byte (never readable by others), then rename."""
    descriptor, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=".tmp-")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(contenido)
            archivo.flush()
            os.fsync(archivo.fileno())
        os.replace(temporal, ruta)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


class Almacen:
    """The stored sessions of this user."""

    def __init__(self, carpeta: Path | None = None) -> None:
        self.carpeta = carpeta or carpeta_por_omision()

    @property
    def _sesiones(self) -> Path:
        return self.carpeta / "sesiones"

    def _ruta(self, rfc: str) -> Path:
        return self._sesiones / f"{normalizar_rfc(rfc)}.json"

    def _preparar(self) -> None:
        self.carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._sesiones.mkdir(mode=0o700, exist_ok=True)
        os.chmod(self._sesiones, 0o700)  # ours alone, whatever the umask did

    def guardar(self, sesion: Sesion) -> Path:
        try:
            self._preparar()
            ruta = self._ruta(sesion.rfc)
            contenido = json.dumps(asdict(sesion), ensure_ascii=False, indent=1)
            _escribir_privado(ruta, contenido.encode("utf-8"))
            _escribir_privado(self.carpeta / "ultima", sesion.rfc.encode("utf-8"))
        except OSError as exc:
            raise _sin_carpeta(self.carpeta, exc) from None
        return ruta

    def cargar(self, rfc: str) -> Sesion | None:
        ruta = self._ruta(rfc)
        try:
            datos = json.loads(ruta.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise ErrorCliente(
                "sesion_ilegible",
                f"No se pudo leer la sesión guardada en {ruta} ({exc}). Entre de nuevo con "
                "«buzon cliente entrar».",
            ) from None
        if not isinstance(datos, dict) or not datos.get("token"):
            raise ErrorCliente(
                "sesion_ilegible",
                f"La sesión guardada en {ruta} está dañada. Entre de nuevo con "
                "«buzon cliente entrar».",
            )
        return Sesion.desde(datos)

    def rfcs(self) -> list[str]:
        try:
            nombres = sorted(p.stem for p in self._sesiones.glob("*.json"))
        except OSError:
            return []
        return [n for n in nombres if RFC.match(n)]

    def ultima(self) -> str | None:
        try:
            valor = (self.carpeta / "ultima").read_text("utf-8").strip()
        except OSError:
            return None
        return valor if RFC.match(valor) and valor in self.rfcs() else None

    def elegir(self, rfc: str | None) -> Sesion:
        """The session for `rfc`, else the only one, else the one used last."""
        if rfc is not None:
            sesion = self.cargar(rfc)
            if sesion is None:
                raise ErrorCliente(
                    "sin_sesion",
                    f"No hay una sesión guardada para {normalizar_rfc(rfc)}. Entre con "
                    "«buzon cliente entrar --cer ARCHIVO.cer --key ARCHIVO.key».",
                )
            return sesion
        disponibles = self.rfcs()
        if not disponibles:
            raise ErrorCliente(
                "sin_sesion",
                "No hay ninguna sesión abierta. Entre con «buzon cliente entrar --cer "
                "ARCHIVO.cer --key ARCHIVO.key».",
            )
        elegido = disponibles[0] if len(disponibles) == 1 else self.ultima()
        if elegido is None:
            raise ErrorUso(
                "Hay sesiones de varios RFC ("
                + ", ".join(disponibles)
                + "): indique cuál usar con --rfc.",
                "rfc",
            )
        sesion = self.cargar(elegido)
        assert sesion is not None
        return sesion

    def recordar(self, rfc: str) -> None:
        """Make `rfc` the default for the next commands."""
        try:
            _escribir_privado(self.carpeta / "ultima", normalizar_rfc(rfc).encode("utf-8"))
        except OSError as exc:
            raise _sin_carpeta(self.carpeta, exc) from None

    def borrar(self, rfc: str) -> bool:
        ruta = self._ruta(rfc)
        try:
            ruta.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise _sin_carpeta(self.carpeta, exc) from None
        if self.ultima() is None:
            (self.carpeta / "ultima").unlink(missing_ok=True)
        return True


def _sin_carpeta(carpeta: Path, exc: OSError) -> ErrorCliente:
    return ErrorCliente(
        "error_de_archivo",
        f"No se pudo usar la carpeta de sesiones {carpeta} ({exc.strerror or exc}). Revise sus "
        f"permisos o elija otra con {ENV_CARPETA}.",
    )
