"""Base class for the project's management commands: argument errors in Spanish."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

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
