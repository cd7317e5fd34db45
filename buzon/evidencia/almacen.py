"""Content-addressed document storage: a document is stored under its SHA-256, once.

The "documentos" storage (settings.STORAGES) is the file system by default and may be any Django
storage (S3 through django-storages). Writing is idempotent: the same bytes land under the same
name, and a name that exists already holds those bytes. A file written for a transaction that
then rolls back is an orphan, harmless and removed by the retention job (`depurar_huerfanos`).
On the file system, documents are flushed to disk before the database records them (`sincronizar`).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages


def almacen() -> Storage:
    return storages["documentos"]


#: Each bounded context stores in its own space, so one's retention never removes another's file.
ESPACIOS = frozenset({"notificaciones", "actuaciones", "lotes"})


def nombre(sha256: str, espacio: str = "notificaciones") -> str:
    """espacio/ab/cd/abcdef…: two levels of 256 folders keep folders small at millions of files."""
    if espacio not in ESPACIOS:
        raise ValueError(f"espacio de almacén desconocido: {espacio!r}")
    return f"{espacio}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def sha256_de(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def guardar(datos: bytes, espacio: str = "notificaciones") -> str:
    """Store `datos` under its SHA-256 (once) and return the hash."""
    huella = sha256_de(datos)
    destino = almacen()
    ruta = nombre(huella, espacio)
    if isinstance(destino, FileSystemStorage):
        _escribir(Path(destino.path(ruta)), datos)
        return huella
    if not destino.exists(ruta):
        guardado = destino.save(ruta, ContentFile(datos))
        if guardado != ruta:  # a concurrent writer won the name: ours is a duplicate copy
            destino.delete(guardado)
    return huella


_carpetas: set[Path] = set()


def _escribir(ruta: Path, datos: bytes) -> None:
    """One file, written whole under a temporary name and renamed: a reader never sees half of
    it, and a crash leaves at most a stray temporary file. Same name, same bytes: a file already
    there is left as it is."""
    if ruta.exists():
        return
    carpeta = ruta.parent
    if carpeta not in _carpetas:
        carpeta.mkdir(parents=True, exist_ok=True)
        _carpetas.add(carpeta)
    temporal = carpeta / f".{ruta.name}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        try:
            vista = memoryview(datos)
            while vista:
                vista = vista[os.write(descriptor, vista) :]
        finally:
            os.close(descriptor)
        os.replace(temporal, ruta)
    except BaseException:
        temporal.unlink(missing_ok=True)  # a failed write (full disk) leaves no stray file
        raise


def _fsync(ruta: str) -> None:
    descriptor = os.open(ruta, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sincronizar(huellas: Iterable[str], espacio: str = "notificaciones") -> None:
    """Make stored documents durable before the facts that cite them commit (file system): each
    file and each folder that received a name is flushed; many at once in parallel, so their
    journal commits are shared."""
    destino = almacen()
    if not isinstance(destino, FileSystemStorage):
        return  # object stores acknowledge a write once it is durable
    rutas = [destino.path(nombre(h, espacio)) for h in huellas]
    todas = rutas + sorted({os.path.dirname(r) for r in rutas})
    if len(todas) <= 2:
        for ruta in todas:
            _fsync(ruta)
        return
    with ThreadPoolExecutor(max_workers=min(16, len(todas))) as grupo:
        list(grupo.map(_fsync, todas))


def leer(sha256: str, espacio: str = "notificaciones") -> bytes:
    """The stored bytes, checked against their name: a corrupted file is never served."""
    with almacen().open(nombre(sha256, espacio), "rb") as archivo:
        datos = archivo.read()
    if sha256_de(datos) != sha256:
        raise OSError(f"El documento {sha256} está dañado en el almacén (su SHA-256 no coincide).")
    return bytes(datos)


def existe(sha256: str, espacio: str = "notificaciones") -> bool:
    return bool(almacen().exists(nombre(sha256, espacio)))


def borrar(sha256: str, espacio: str = "notificaciones") -> None:
    almacen().delete(nombre(sha256, espacio))
