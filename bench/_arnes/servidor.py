"""`buzon servir` (gunicorn) for the HTTP benchmarks: a free loopback port, always stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
ESPERA = 60.0  # seconds for the server to answer before the bench gives up


def entorno(carpeta: Path, url: str, **extra: str) -> dict[str, str]:
    """This process's environment without any BUZON_* variable, pointed at the bench's database
    `url` and at `carpeta` (data, trust folder `carpeta/confianza`), plus `extra`."""
    variables = {k: v for k, v in os.environ.items() if not k.startswith("BUZON_")}
    variables.update(
        DJANGO_SETTINGS_MODULE="buzon.config.settings",
        DATABASE_URL=url,
        BUZON_DATA_DIR=str(carpeta / "datos"),
        BUZON_CONFIANZA=str(carpeta / "confianza"),
        BUZON_LOG="WARNING",
    )
    variables.update(extra)
    return variables


def migrar(variables: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "buzon.cli", "migrate", "--verbosity", "0"],
        cwd=RAIZ,
        env=variables,
        check=True,
        timeout=300,
    )


def instalar_sello(variables: dict[str, str]) -> None:
    """A demo seal (`buzon sello demostracion`) in the migrated database: `buzon servir` refuses
    to start without an active seal."""
    subprocess.run(
        [sys.executable, "-m", "buzon.cli", "sello", "demostracion"],
        cwd=RAIZ,
        env=variables,
        stdout=subprocess.DEVNULL,  # the seal's row as JSON; errors still reach stderr
        check=True,
        timeout=300,
    )


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def servidor(
    carpeta: Path,
    variables: dict[str, str],
    trabajadores: int,
    hilos: int = 1,
    gunicorn: str | None = None,
) -> Iterator[tuple[int, int]]:
    """`buzon servir` with `trabajadores` × `hilos` (or, as an experiment, gunicorn itself with
    the `gunicorn` arguments) on a free loopback port; yields (port, master pid); always stopped.
    Its output goes to `carpeta/servir-<trabajadores>.log`, whose tail is shown if it fails.
    The database must be migrated and hold an active seal (`migrar`, `instalar_sello`)."""
    puerto = puerto_libre()
    bitacora = carpeta / f"servir-{trabajadores}.log"
    if gunicorn is None:
        orden = [sys.executable, "-m", "buzon.cli", "servir", "--puerto", str(puerto)]
        orden += ["--trabajadores", str(trabajadores), "--direccion", "127.0.0.1"]
        orden += ["--hilos", str(hilos)]
    else:
        orden = [sys.executable, "-m", "gunicorn", *shlex.split(gunicorn)]
        orden += ["--bind", f"127.0.0.1:{puerto}", "--workers", str(trabajadores)]
        orden += ["buzon.config.wsgi:application"]
    with open(bitacora, "wb") as salida:
        proceso = subprocess.Popen(
            orden,
            cwd=RAIZ,
            env=variables,
            stdout=salida,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: master and workers stop together
        )
    try:
        _esperar(puerto, proceso, bitacora)
        yield puerto, proceso.pid
    finally:
        _detener(proceso)


def _esperar(puerto: int, proceso: subprocess.Popen[bytes], bitacora: Path) -> None:
    limite = time.monotonic() + ESPERA
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            raise RuntimeError(f"buzon servir terminó ({proceso.returncode}):\n{_cola(bitacora)}")
        try:
            # The OpenAPI document takes seconds to build on a busy machine: wait for it.
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=20)
            conexion.request("GET", "/api/v1/openapi.json")
            if conexion.getresponse().status == 200:
                conexion.close()
                return
            conexion.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"buzon servir no respondió en {ESPERA:.0f} s:\n{_cola(bitacora)}")


def _cola(bitacora: Path) -> str:
    return "\n".join(bitacora.read_text("utf-8", "replace").splitlines()[-30:])


def _detener(proceso: subprocess.Popen[bytes]) -> None:
    if proceso.poll() is not None:
        return
    for senal, espera in ((signal.SIGTERM, 25.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proceso.pid, senal)  # the group this bench created (start_new_session)
        except ProcessLookupError:
            return
        try:
            proceso.wait(espera)
            return
        except subprocess.TimeoutExpired:
            continue
