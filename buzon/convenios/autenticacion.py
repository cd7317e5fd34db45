"""The agencies' bearer tokens (RFC 6750): checked on every call, with the convenio behind them.

A token is found by its SHA-256 (one indexed query joining its convenio); it must not have
expired, and its convenio must be in force today and not revoked, so a revocation or the end of
the validity stops every token at once. A refusal answers the contract's shape with
`invalid_token` (401, RFC 6750 §3.1) or `convenio_no_vigente` (403), never the people's
«sesion_requerida».
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from buzon.comun.limites import ip_de
from buzon.convenios.errores import ErrorConvenio
from buzon.convenios.models import LlamadaConvenio, TokenConvenio
from buzon.convenios.servicios import exigir_vigente, huella, registrar_llamada

_COMO = (
    "Pida un token en POST /api/v1/convenios/token (client_credentials con la aserción firmada "
    "con su certificado institucional) y envíelo en «Authorization: Bearer <token>»."
)


def token_vigente(token: str, request: HttpRequest | None = None) -> TokenConvenio:
    # One indexed query (huella is unique: no ORDER BY).
    fila = next(
        iter(
            TokenConvenio.objects.select_related("convenio")
            .filter(huella=huella(token), expira__gt=timezone.now())
            .order_by()[:1]
        ),
        None,
    )
    if fila is None:
        raise ErrorConvenio("invalid_token", f"El token no existe o ya venció. {_COMO}")
    try:
        exigir_vigente(fila.convenio)
    except ErrorConvenio as exc:
        with transaction.atomic():
            registrar_llamada(
                fila.convenio,
                LlamadaConvenio.Operacion.OPINIONES,
                exc.estado,
                error=exc.codigo,
                ip=ip_de(request) if request is not None else "",
            )
        raise
    return fila


class BearerDependencia(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        valor = request.headers.get(self.header) or ""
        esquema, _, token = valor.partition(" ")
        if esquema.lower() != "bearer" or not token.strip():
            raise ErrorConvenio("invalid_token", f"Falta el token de acceso. {_COMO}")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> TokenConvenio:
        return token_vigente(token, request)


dependencia = BearerDependencia()


def token_de(request: HttpRequest) -> TokenConvenio:
    fila = getattr(request, "auth", None)
    if not isinstance(fila, TokenConvenio):  # only reachable if an operation forgot its auth=
        raise PermissionError("operación sin autenticación de dependencia")
    return fila
