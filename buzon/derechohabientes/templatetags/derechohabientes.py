"""`{% load derechohabientes %}{% es_trabajador sesion as trabajador %}`: whether the session is a
worker's (its e.firma's CURP links to one NSS in the ledger), so `portal/base.html` shows the
worker's menu. One indexed query; False for no session or an official's."""

from __future__ import annotations

from django import template

from buzon.cuentas.models import Sesion
from buzon.derechohabientes.selectors import vinculacion

register = template.Library()


@register.simple_tag
def es_trabajador(sesion: object) -> bool:
    if not isinstance(sesion, Sesion) or sesion.perfil != Sesion.Perfil.PARTICULAR:
        return False
    asegurado, _ = vinculacion(sesion)
    return asegurado is not None
