"""The batch loop every CSV import shares (the padrón, the afiliación ledger, the riesgos, the
créditos fiscales): the file already read and checked whole (`archivo.leer_padron`,
`lectura.leer`), its good rows go to the database `lote` at a time, each batch in its own
transaction.

A batch the database refuses leaves nothing behind and ends the import: its counters are
discarded (the result reported is the one before it), every problem known so far goes to
`al_error`, and the importing app's error names the batch's lines. Earlier batches are kept, so
importing the file again completes it. The apps keep their own rows, counters and error type.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

from django.db import DatabaseError, transaction

__all__ = ["ErrorLote", "importar_por_lotes", "informar", "mensaje_de_lote", "revisar_lote"]


class ConLinea(Protocol):
    """A row of the file: its line number."""

    @property
    def linea(self) -> int: ...


class Conteo(Protocol):
    """The counters the loop fills in (an app's result dataclass has these and its own)."""

    filas_leidas: int
    filas_con_error: int


F = TypeVar("F", bound=ConLinea)
P_co = TypeVar("P_co", covariant=True)
P = TypeVar("P")
R = TypeVar("R", bound=Conteo)
T = TypeVar("T")


class LecturaPorLotes(Protocol[F, P_co]):
    """A file as read (`padron.archivo.Lectura`, `padron.lectura.Lectura`)."""

    @property
    def filas_leidas(self) -> int: ...

    @property
    def filas_con_error(self) -> int: ...

    def lotes(self, tamano: int) -> Iterator[list[F]]: ...

    def errores(self) -> Iterator[P_co]: ...


class ErrorLote(Exception, Generic[T]):
    """The database failed in a batch: that batch left nothing behind, earlier ones are kept.
    Each app subclasses it (`ErrorImportacion`) with its own result type."""

    def __init__(self, mensaje: str, resultado: T) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.resultado = resultado


def revisar_lote(lote: int) -> None:
    """ValueError unless `lote` is a positive size (checked before the file is read)."""
    if lote < 1:
        raise ValueError("lote debe ser positivo")


def mensaje_de_lote(filas: list[F], exc: Exception) -> str:
    """The Spanish message of a batch the database refused, naming its first and last lines."""
    return (
        f"La base de datos falló al guardar el lote de las líneas {filas[0].linea} a "
        f"{filas[-1].linea} ({exc}); ese lote no se guardó y los anteriores sí. "
        "Corrija el problema y vuelva a importar el archivo: lo ya guardado no cambia."
    )


def informar(lectura: LecturaPorLotes[F, P], al_error: Callable[[P], None] | None) -> None:
    """Every problem of the file, in line order, to `al_error` (when given)."""
    if al_error is not None:
        for problema in lectura.errores():
            al_error(problema)


def importar_por_lotes(
    lectura: LecturaPorLotes[F, P],
    resultado: R,
    aplicar: Callable[[list[F]], None],
    *,
    lote: int,
    al_error: Callable[[P], None] | None,
    error: Callable[[str, R], Exception],
) -> R:
    """Run `aplicar` on the good rows, `lote` at a time, each call in its own transaction;
    `aplicar` adds to `resultado`'s counters and may record row problems in `lectura`.

    Sets `resultado.filas_leidas` and `filas_con_error`, reports every problem to `al_error` once
    the import is over and returns `resultado`. When the database fails in a batch, raises
    `error(message, result)` with the counters as they were before that batch (its own are
    discarded) and the problems known so far already reported."""
    revisar_lote(lote)
    resultado.filas_leidas = lectura.filas_leidas
    for filas in lectura.lotes(lote):
        # Snapshot the counters: a rolled-back batch must not count.
        antes = copy.copy(resultado)
        try:
            with transaction.atomic():
                aplicar(filas)
        except DatabaseError as exc:
            antes.filas_con_error = lectura.filas_con_error
            informar(lectura, al_error)
            raise error(mensaje_de_lote(filas, exc), antes) from exc
    resultado.filas_con_error = lectura.filas_con_error
    informar(lectura, al_error)
    return resultado
