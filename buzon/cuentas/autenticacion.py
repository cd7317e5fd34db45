"""Bearer-token authentication for the API, by profile. Ownership is enforced by `access_*`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from buzon.cuentas.models import Sesion
from buzon.cuentas.servicios import sesion_vigente


class _Bearer(HttpBearer):
    perfil: str = ""

    def authenticate(self, request: HttpRequest, token: str) -> Sesion | None:
        sesion = sesion_vigente(token)
        if sesion is None or sesion.perfil != self.perfil:
            return None
        return sesion


class BearerParticular(_Bearer):
    perfil = Sesion.Perfil.PARTICULAR


class BearerOficial(_Bearer):
    perfil = Sesion.Perfil.SERVIDOR_PUBLICO


particular = BearerParticular()
oficial = BearerOficial()


def sesion_de(request: HttpRequest) -> Sesion:
    sesion = getattr(request, "auth", None)
    if not isinstance(sesion, Sesion):  # only reachable if an operation forgot its auth=
        raise PermissionError("operación sin autenticación")
    return sesion
