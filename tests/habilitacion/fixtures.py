"""Capturing the codes at the outbox seam, for API and page tests."""

from __future__ import annotations

import pytest

from buzon.habilitacion import mensajes


@pytest.fixture
def codigos(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """valor of the medio (email, or the 10 digits) -> last code sent to it."""
    capturados: dict[str, str] = {}
    original = mensajes.codigo

    def capturar(**datos: object) -> None:
        capturados[str(datos["destino"]).removeprefix("+52")] = str(datos["codigo"])
        original(**datos)  # type: ignore[arg-type]

    monkeypatch.setattr(mensajes, "codigo", capturar)
    return capturados
