"""argparse with Spanish messages: a bad argument exits 2 naming it, in words a person reads."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_TRADUCCIONES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (.+)"),
        "faltan argumentos obligatorios: {0}",
    ),
    (re.compile(r"one of the arguments (.+) is required"), "indique uno de estos argumentos: {0}"),
    (
        re.compile(r"argument (\S+): not allowed with argument (\S+)"),
        "{0} no puede usarse junto con {1}",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "el argumento {0} necesita un valor"),
    (re.compile(r"unrecognized arguments: (.+)"), "argumentos no reconocidos: {0}"),
    (
        re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)"),
        "{0}: opción inválida {1}; las válidas son {2}",
    ),
    (re.compile(r"argument (\S+): invalid (\S+) value: (.+)"), "{0}: valor inválido {2}"),
)


def traducir(mensaje: str) -> str:
    for patron, plantilla in _TRADUCCIONES:
        encontrado = patron.fullmatch(mensaje)
        if encontrado:
            return plantilla.format(*encontrado.groups())
    return mensaje


class ParserEs(argparse.ArgumentParser):
    """An ArgumentParser whose errors are in Spanish and go to stderr with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {traducir(message)}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "uso:", 1)

    def format_help(self) -> str:
        texto = super().format_help().replace("usage:", "uso:", 1)
        return texto.replace("options:", "opciones:").replace(
            "show this help message and exit", "muestra esta ayuda y termina"
        )


def falla_argumento(prog: str, mensaje: str) -> NoReturn:
    """Exit 2 with a Spanish message about one argument (for checks argparse cannot express)."""
    sys.stderr.write(f"{prog}: error: {mensaje}\n")
    raise SystemExit(2)
