"""Runs the benchmarks in bench/ and prints their figures: python -m bench [nombre ...]"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(nombres: list[str]) -> None:
    disponibles = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    )
    desconocidos = sorted(set(nombres) - set(disponibles))
    if desconocidos:
        sys.exit(f"bench: no existe {', '.join(desconocidos)}; hay: {', '.join(disponibles)}")
    for nombre in nombres or disponibles:
        print(f"== bench/{nombre}")
        importlib.import_module(f"bench.{nombre}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
