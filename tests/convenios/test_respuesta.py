"""The bulk answer is written without validating its items again: the same bytes as ninja's
rendering of the declared schema (`OpinionesConvenioSalida`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from buzon.comun.respuestas import json_de_lista
from buzon.config.api import api
from buzon.convenios.api import CAMPOS_OPINION, OpinionesConvenioSalida
from buzon.legal.zonas import ZONA_CENTRO

_OPINION = st.fixed_dictionaries(
    {
        "rfc": st.from_regex(r"[A-Z]{3}[0-9]{6}[A-Z0-9]{3}", fullmatch=True),
        "folio": st.from_regex(r"2026-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}", fullmatch=True),
        "sentido": st.sampled_from(["positiva", "negativa", "sin_opinion"]),
        "motivos": st.lists(st.text(max_size=40), max_size=3),
        "emitida": st.datetimes(
            min_value=datetime(2025, 1, 1),  # noqa: DTZ001 (hypothesis: naive bounds)
            max_value=datetime(2030, 1, 1),  # noqa: DTZ001
            timezones=st.just(ZONA_CENTRO),
        ),
        "vigente_hasta": st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 1, 1)),
        "verificacion": st.text(max_size=60),
        "sello": st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/=", max_size=40),
    }
)
_ERROR = st.fixed_dictionaries(
    {"rfc": st.text(max_size=20), "error": st.just("rfc_invalido"), "mensaje": st.text(max_size=80)}
)


@given(st.lists(_OPINION | _ERROR, max_size=6))
def test_los_mismos_bytes_que_el_esquema(items: list[dict[str, Any]]) -> None:
    validado = OpinionesConvenioSalida.model_validate({"opiniones": items}).model_dump()
    esperado = api.renderer.render(None, validado, response_status=200)  # type: ignore[arg-type]
    respuesta = json_de_lista("opiniones", items, CAMPOS_OPINION)
    assert respuesta.content.decode("utf-8") == esperado
    assert respuesta["Content-Type"] == api.get_content_type()
