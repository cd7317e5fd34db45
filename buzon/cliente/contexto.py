"""What every sub-command receives: its arguments, where to print, the stored sessions, and the
connections it may open (public, or with the selected RFC's session)."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errores import ErrorCliente, ErrorUso
from .http import URL_POR_OMISION, Conexion, base_api
from .salida import Salida
from .sesiones import Almacen, Sesion, normalizar_rfc

ENV_URL = "BUZON_URL"


@dataclass
class Contexto:
    args: argparse.Namespace
    salida: Salida
    almacen: Almacen

    def url_indicada(self) -> str | None:
        """--url, else BUZON_URL (None when neither is given)."""
        valor = getattr(self.args, "url", None) or os.environ.get(ENV_URL)
        return base_api(valor) if valor else None

    def publica(self) -> Conexion:
        """--url or BUZON_URL; else the Buzón of the session in use; else the default."""
        indicada = self.url_indicada()
        if indicada is not None:
            return Conexion(indicada)
        try:
            return Conexion(self.almacen.elegir(self.rfc_indicado()).url)
        except ErrorCliente:
            return Conexion(base_api(URL_POR_OMISION))

    def rfc_indicado(self) -> str | None:
        valor = getattr(self.args, "rfc", None)
        return normalizar_rfc(valor) if valor else None

    def sesion(self) -> Sesion:
        """The session chosen with --rfc (remembered as the default), the only one, or the last."""
        indicado = self.rfc_indicado()
        sesion = self.almacen.elegir(indicado)
        if indicado is not None:
            self.almacen.recordar(indicado)
        self.exigir_mismo_servidor(sesion)
        return sesion

    def exigir_mismo_servidor(self, sesion: Sesion) -> None:
        """A token goes only to the server that issued it."""
        indicada = self.url_indicada()
        if indicada is not None and indicada != sesion.url:
            raise ErrorUso(
                f"La sesión de {sesion.rfc} se abrió en {sesion.url}, no en {indicada}. Entre en "
                "ese Buzón con «buzon cliente entrar … --url …» o quite --url/BUZON_URL.",
                "url",
            )

    def con_sesion(self) -> tuple[Conexion, Sesion]:
        sesion = self.sesion()
        return Conexion(sesion.url, sesion.token, sesion.rfc), sesion


def leer_json(ruta: str, campo: str) -> Any:
    try:
        texto = Path(ruta).expanduser().read_text("utf-8")
    except OSError as exc:
        raise ErrorUso(
            f"No se pudo leer el archivo «{ruta}» ({exc.strerror or exc}). Revise la ruta.", campo
        ) from None
    except UnicodeDecodeError:
        raise ErrorUso(f"El archivo «{ruta}» no es texto UTF-8.", campo) from None
    try:
        return json.loads(texto)
    except ValueError as exc:
        raise ErrorUso(
            f"El archivo «{ruta}» no es JSON válido (línea {getattr(exc, 'lineno', '?')}).", campo
        ) from None


def campo(datos: Any, nombre: str, tipo: type | tuple[type, ...] = str) -> Any:
    """A field the contract promises in an answer; a clear error when the server left it out."""
    valor = datos.get(nombre) if isinstance(datos, dict) else None
    if not isinstance(valor, tipo):
        raise ErrorCliente(
            "respuesta_inesperada",
            f"La respuesta del servidor no trae el campo «{nombre}» como dice el contrato de la "
            "API. Revise la dirección del Buzón o actualice el cliente.",
        )
    return valor
