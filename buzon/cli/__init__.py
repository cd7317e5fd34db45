"""The `buzon` console command.

Sub-commands that must answer without a configured database and in a stable JSON shape
(`plazos`, `cuotas`, `efirma`, `pki`…) are plain argparse programs registered in `COMANDOS_PROPIOS`;
everything else (`migrate`, `servir`, `demo`, `calendario`…) is a Django management command.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence

# name -> "module:function"; the function takes argv (less the sub-command), returns an exit code.
COMANDOS_PROPIOS: dict[str, str] = {
    "plazos": "buzon.cli.plazos:main",
    "cuotas": "buzon.cli.cuotas:main",
    "opinion": "buzon.cli.opinion:main",
    "prima-rt": "buzon.cli.prima_rt:main",
    "efirma": "buzon.cli.efirma:main",
    "pki": "buzon.cli.pki:main",
    "cliente": "buzon.cliente.comandos:main",
}


def preparar_django() -> None:
    """Configure Django for a command that needs the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    import django

    django.setup()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMANDOS_PROPIOS:
        modulo, funcion = COMANDOS_PROPIOS[args[0]].split(":")
        programa = getattr(importlib.import_module(modulo), funcion)
        return int(programa(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["buzon", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
