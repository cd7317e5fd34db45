"""How the API writes JSON (`buzon.config.api`'s renderer), for the few operations that answer
an `HttpResponse` of their own: the same bytes as a validated answer, without validating again
what a service of ours just built (a thousand opiniones per call)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from ninja.responses import NinjaJSONEncoder

TIPO_JSON = "application/json; charset=utf-8"


class CodificadorApi(NinjaJSONEncoder):
    """Instants with every digit they have: Django's encoder cuts microseconds to milliseconds,
    and an acuse's `emitido` must read exactly as its sealed cadena original shows it."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def json_de_lista(
    clave: str, items: Sequence[Mapping[str, Any]], campos: Sequence[str]
) -> HttpResponse:
    """`{clave: [item, …]}` with every item carrying exactly `campos` in that order (None where
    absent), as ninja renders a response schema whose item fields all default to None."""
    cuerpo = {clave: [{c: item.get(c) for c in campos} for item in items]}
    return HttpResponse(json.dumps(cuerpo, cls=CodificadorApi), content_type=TIPO_JSON)
