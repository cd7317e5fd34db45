"""Writing downloaded files: to a temporary name in the same folder, then into place.

Without `forzar` an existing file is never replaced, not even by a race: the finished temporary
file is hard-linked to its name (which fails if the name exists) instead of renamed over it; on a
file system without hard links it is created exclusively. Files are private (mode 0600): they are
the employer's legal documents.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errores import ErrorCliente, ErrorUso


def comprobar_destino(ruta: Path, forzar: bool) -> None:
    """Fail early (before downloading anything) when the file exists and may not be replaced."""
    if ruta.is_dir():
        raise ErrorUso(f"«{ruta}» es una carpeta: indique un nombre de archivo con -o.", "salida")
    if ruta.exists() and not forzar:
        raise ErrorUso(
            f"El archivo «{ruta}» ya existe: no se reemplaza. Elija otro nombre con -o o "
            "agregue --forzar para reemplazarlo.",
            "salida",
        )


def escribir(ruta: Path, contenido: bytes, forzar: bool) -> None:
    """Write `contenido` exactly; a failure leaves neither a partial file nor a temporary one."""
    comprobar_destino(ruta, forzar)
    try:
        descriptor, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=f".{ruta.name}.")
    except OSError as exc:
        raise _falla(ruta, exc) from None
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(contenido)
            archivo.flush()
            os.fsync(archivo.fileno())
        if forzar:
            os.replace(temporal, ruta)
        else:
            _colocar_sin_reemplazar(Path(temporal), ruta, contenido)
    except OSError as exc:
        Path(temporal).unlink(missing_ok=True)
        raise _falla(ruta, exc) from None
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


def _colocar_sin_reemplazar(temporal: Path, ruta: Path, contenido: bytes) -> None:
    try:
        try:
            os.link(temporal, ruta)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            _crear_exclusivo(ruta, contenido)
    except FileExistsError:
        raise ErrorUso(
            f"El archivo «{ruta}» apareció mientras se descargaba: no se reemplaza. Elija otro "
            "nombre con -o o agregue --forzar.",
            "salida",
        ) from None
    finally:
        temporal.unlink(missing_ok=True)


def _crear_exclusivo(ruta: Path, contenido: bytes) -> None:
    descriptor = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(contenido)
            archivo.flush()
            os.fsync(archivo.fileno())
    except BaseException:
        ruta.unlink(missing_ok=True)
        raise


def _falla(ruta: Path, exc: OSError) -> ErrorCliente:
    return ErrorCliente(
        "error_de_archivo",
        f"No se pudo escribir «{ruta}» ({exc.strerror or exc}). Revise la carpeta y sus permisos.",
        "salida",
    )
