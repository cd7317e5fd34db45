"""Reading officials' scope: which subdelegación's objects an official may see.

The one scoping point (NetBox's `restrict()` in spirit): every app's official-facing query passes
through `de_su_subdelegacion`, so the rule is written once.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from buzon.oficina.models import Oficial

M = TypeVar("M", bound=Model)


def de_su_subdelegacion(oficial: Oficial, consulta: QuerySet[M]) -> QuerySet[M]:
    """The objects of `consulta` the official may see: those of their subdelegación (an
    administrador: all). `consulta`'s model has a `subdelegacion` field."""
    if oficial.rol == Oficial.Rol.ADMINISTRADOR:
        return consulta
    return consulta.filter(subdelegacion=oficial.subdelegacion)
