"""Base class for the project's management commands: argument errors in Spanish."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from buzon.comun.argumentos import traducir


def _en_espanol(parser: argparse.ArgumentParser) -> None:
    original = parser.error
    setattr(parser, "error", lambda mensaje: original(traducir(mensaje)))  # noqa: B010
    for accion in parser._actions:
        if isinstance(accion, argparse._SubParsersAction):
            for subparser in accion.choices.values():
                _en_espanol(subparser)


class ComandoBuzon(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _en_espanol(parser)
        return parser


def entero_positivo(valor: str) -> int:
    """An argparse type: a whole number from 1 (anything else is argparse's «invalid value»)."""
    numero = int(valor)
    if numero < 1:
        raise ValueError(valor)
    return numero


def opcion_lote(parser: argparse.ArgumentParser, lote: int) -> None:
    """`--lote N`: the rows an import writes per transaction."""
    parser.add_argument(
        "--lote", type=entero_positivo, default=lote, help=f"filas por transacción ({lote})"
    )


def informar_importacion(
    comando: BaseCommand,
    importar: Callable[[], Any],
    *,
    archivo_invalido: type[Exception],
    lote_fallido: type[Exception],
    por: str,
) -> None:
    """Run a CSV import and report it on the register's terms: the JSON summary on stdout
    (`resultado.resumen()`), exit status 2 when the file cannot be imported at all
    (`archivo_invalido`, nothing written), 1 when a batch failed (`lote_fallido`, with its
    `resultado`) or some rows were refused; `por`: what each stderr line is about."""
    try:
        resultado = importar()
    except archivo_invalido as exc:
        raise CommandError(str(exc), returncode=2) from exc
    except lote_fallido as exc:
        fallo: Any = exc
        comando.stdout.write(json.dumps(fallo.resultado.resumen(), ensure_ascii=False))
        raise CommandError(str(exc), returncode=1) from exc
    comando.stdout.write(json.dumps(resultado.resumen(), ensure_ascii=False))
    if resultado.filas_con_error:
        raise CommandError(
            f"{resultado.filas_con_error} de {resultado.filas_leidas} filas tienen errores "
            f"(arriba, una línea por {por}) y no se importaron; las demás quedaron guardadas. "
            "Corrija esas filas y vuelva a importar el archivo.",
            returncode=1,
        )
