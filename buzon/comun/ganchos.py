"""Callbacks a lower app calls and an upper app registers (the layer rule, docs/architecture.md).

A lower app never imports an upper one. When it must trigger work above it (a calendar change
recomputes pending notifications; a commit wakes the background pass), it owns a `Ganchos` and
exposes a typed `al_*` function; the upper app registers its callback in `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Ganchos(Generic[P]):
    """The callbacks registered for one event, called in registration order."""

    def __init__(self, nombre: str) -> None:
        self.nombre = nombre
        self._registrados: list[Callable[P, object]] = []

    def registrar(self, callback: Callable[P, object]) -> None:
        """Register `callback` once (registering it again, e.g. from a second `ready()`, is a
        no-op)."""
        if callback not in self._registrados:
            self._registrados.append(callback)

    def quitar(self, callback: Callable[P, object]) -> None:
        self._registrados.remove(callback)

    def registrados(self) -> tuple[Callable[P, object], ...]:
        return tuple(self._registrados)

    def llamar(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every registered callback with the same arguments; an exception propagates (a
        callback that runs inside the caller's transaction must be able to roll it back)."""
        for callback in self._registrados:
            callback(*args, **kwargs)
