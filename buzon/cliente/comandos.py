"""`buzon cliente …`: the argument parser and the one place failures become messages and exit codes.

Every sub-command accepts --json (one JSON document on stdout), --url (or BUZON_URL; default
http://127.0.0.1:8000, /api/v1 appended) and --rfc (which stored session to use), before or after
its name. Exit 0 on success, 1 when the server or a check refused, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from buzon.comun.argumentos import ParserEs, traducir

from . import actuaciones, acuses, cuenta, notificaciones
from .contexto import Contexto
from .errores import ErrorCliente, ErrorUso
from .salida import Salida
from .sesiones import Almacen

Orden = Callable[[Contexto], int]


class Analizador(ParserEs):
    """Spanish argparse whose errors are raised (so --json can print them too)."""

    def error(self, message: str) -> NoReturn:
        exc = ErrorUso(re.sub(r"^argument (\S+): ", r"\1: ", traducir(message)))
        exc.uso = self.format_usage()
        raise exc

    def format_help(self) -> str:
        return super().format_help().replace("positional arguments:", "argumentos:")


def _comunes(en_subcomando: bool) -> Analizador:
    """--json/--url/--rfc; in a sub-command they only override what was given before it."""
    omitir = argparse.SUPPRESS
    comunes = Analizador(add_help=False)
    comunes.add_argument(
        "--json",
        action="store_true",
        default=omitir if en_subcomando else False,
        help="un documento JSON en la salida estándar (para programas)",
    )
    comunes.add_argument(
        "--url",
        default=omitir if en_subcomando else None,
        help="dirección del Buzón (por omisión BUZON_URL o http://127.0.0.1:8000)",
    )
    comunes.add_argument(
        "--rfc",
        default=omitir if en_subcomando else None,
        help="RFC de la sesión guardada que se usa (por omisión la única o la última usada)",
    )
    return comunes


def _efirma(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--cer", required=True, help="certificado de la e.firma (.cer)")
    sub.add_argument(
        "--key",
        required=True,
        help="llave privada (.key); su contraseña se pide o se toma de BUZON_CLAVE_EFIRMA",
    )


def _archivo(sub: argparse.ArgumentParser, ayuda: str) -> None:
    sub.add_argument("-o", "--salida", help=ayuda)
    sub.add_argument(
        "--forzar", action="store_true", help="reemplazar el archivo de salida si ya existe"
    )


def _entero(texto: str, minimo: int) -> int:
    try:
        valor = int(texto)
    except ValueError:
        valor = minimo - 1
    if valor < minimo:
        raise argparse.ArgumentTypeError(f"«{texto}» debe ser un número entero ≥ {minimo}")
    return valor


def _positivo(texto: str) -> int:
    return _entero(texto, 1)


def _no_negativo(texto: str) -> int:
    return _entero(texto, 0)


def analizador() -> Analizador:
    raiz = Analizador(
        prog="buzon cliente",
        description="Cliente del Buzón IMSS por la API: firma con su e.firma en este equipo; la "
        "llave privada y su contraseña nunca se envían.",
        parents=[_comunes(False)],
    )
    subs = raiz.add_subparsers(
        dest="comando", required=True, metavar="COMANDO", parser_class=Analizador
    )
    padres = [_comunes(True)]

    def orden(nombre: str, funcion: Orden, ayuda: str) -> argparse.ArgumentParser:
        sub = subs.add_parser(nombre, help=ayuda, description=ayuda, parents=padres)
        sub.set_defaults(funcion=funcion)
        return sub

    _efirma(orden("entrar", cuenta.cmd_entrar, "abre una sesión firmando un reto con la e.firma"))
    orden("salir", cuenta.cmd_salir, "cierra la sesión y la borra de este equipo")
    orden("sesiones", cuenta.cmd_sesiones, "lista las sesiones guardadas (una por RFC)")
    sub = orden("notificaciones", notificaciones.cmd_notificaciones, "lista las notificaciones")
    sub.add_argument("--limite", type=_positivo, help="cuántas como máximo (el servidor: 1 a 500)")
    sub.add_argument("--desde", type=_no_negativo, help="saltar las primeras N (para paginar)")
    sub = orden("abrir", notificaciones.cmd_abrir, "abre una notificación (genera su acuse)")
    sub.add_argument("id", help="ID de la notificación")
    sub = orden("descargar", notificaciones.cmd_descargar, "descarga el documento notificado")
    sub.add_argument("id", help="ID de la notificación")
    _archivo(sub, "archivo PDF de salida (por omisión notificacion-ID.pdf)")
    orden("acuses", acuses.cmd_acuses, "lista los acuses de la sesión")
    sub = orden("acuse", acuses.cmd_acuse, "muestra o guarda un acuse (JSON o PDF)")
    sub.add_argument("folio", help="folio del acuse")
    sub.add_argument("--pdf", action="store_true", help="descargar el PDF sellado")
    _archivo(sub, "archivo de salida (JSON, o PDF con --pdf: por omisión acuse-FOLIO.pdf)")
    sub = orden(
        "certificados",
        acuses.cmd_certificados,
        "descarga los certificados del sello del Instituto (para verificar sin conexión)",
    )
    _archivo(sub, f"archivo de salida (por omisión {acuses.CERTIFICADOS_POR_OMISION})")
    sub = orden("verificar", acuses.cmd_verificar, "comprueba el sello de un acuse guardado")
    sub.add_argument("acuse", help="archivo JSON del acuse")
    sub.add_argument(
        "--certificados",
        help="lista de certificados descargada con «certificados» (sin ella se consulta --url)",
    )
    orden("tramites", actuaciones.cmd_tramites, "lista los trámites que se pueden presentar")
    orden("actuaciones", actuaciones.cmd_actuaciones, "lista las actuaciones presentadas")
    sub = orden("presentar", actuaciones.cmd_presentar, "presenta y firma una actuación")
    sub.add_argument("--tramite", required=True, help="clave del trámite (vea «tramites»)")
    sub.add_argument("--datos", required=True, help="archivo JSON con los datos del trámite")
    sub.add_argument(
        "--anexo", action="append", help="archivo anexo (repita la opción para varios)"
    )
    sub.add_argument(
        "--registro-patronal", help="registro patronal que promueve, si el trámite lo pide"
    )
    _efirma(sub)
    return raiz


def main(argv: Sequence[str]) -> int:
    argumentos = list(argv)
    salida = Salida("--json" in argumentos)
    construido = analizador()
    try:
        args = construido.parse_args(argumentos)
    except ErrorUso as exc:
        sys.stderr.write(exc.uso or construido.format_usage())
        salida.error(exc)
        return exc.salida
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    salida = Salida(bool(args.json))
    try:
        codigo = int(args.funcion(Contexto(args, salida, Almacen())))
        sys.stdout.flush()
        return codigo
    except ErrorCliente as exc:
        salida.error(exc)
        return exc.salida
    except KeyboardInterrupt:
        sys.stderr.write("buzon cliente: interrumpido; no se completó la operación.\n")
        return 130
    except BrokenPipeError:  # `buzon cliente acuses | head`: the reader left; nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
