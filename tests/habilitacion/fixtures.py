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


def registrar_en_padron(rfc: str, registro: str = "Y5412345108") -> None:
    """The employer and one registro patronal in the padrón (what `buzon padron importar` does)."""
    from datetime import UTC, datetime

    from buzon.padron.models import Patron, RegistroPatronal

    ahora = datetime.now(UTC)
    patron, _ = Patron.objects.get_or_create(
        rfc=rfc, defaults={"nombre": rfc, "creado_en": ahora, "importado_en": ahora}
    )
    RegistroPatronal.objects.create(
        registro=registro,
        patron=patron,
        entidad="CMX",
        subdelegacion="Centro",
        creado_en=ahora,
        importado_en=ahora,
    )
