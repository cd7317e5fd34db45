"""`python -m bench.notificaciones [opciones]`: the same as `python -m bench notificaciones`."""

from __future__ import annotations

import sys

from bench.notificaciones import main

main(sys.argv[1:])
