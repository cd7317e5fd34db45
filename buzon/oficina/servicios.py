"""Registering officials (`buzon oficina alta`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.oficina.models import Oficial


@dataclass(frozen=True)
class ResultadoAlta:
    oficial: Oficial
    nuevo: bool


def do_alta_oficial(*, rfc: str, nombre: str, rol: str, subdelegacion: str) -> ResultadoAlta:
    """Register (or update) an official. Only persona física RFCs: officials sign as persons."""
    rfc = normalizar_rfc(rfc)
    if len(rfc) != 13:
        raise ErrorLegal(
            "Un servidor público se registra con su RFC de persona física (13).", "rfc"
        )
    if rol not in Oficial.Rol.values:
        raise ErrorLegal(
            f"«{rol}» no es un rol: use notificador, supervisor, administrador o comunicador.",
            "rol",
        )
    if not nombre.strip():
        raise ErrorLegal("Escriba el nombre del servidor público.", "nombre")
    if not subdelegacion.strip():
        raise ErrorLegal("Indique la subdelegación del servidor público.", "subdelegacion")
    ahora = timezone.now()
    with transaction.atomic():
        oficial, nuevo = Oficial.objects.update_or_create(
            rfc=rfc,
            defaults={
                "nombre": nombre.strip(),
                "rol": rol,
                "subdelegacion": subdelegacion.strip(),
                "activo": True,
                "actualizado_en": ahora,
            },
            create_defaults={
                "nombre": nombre.strip(),
                "rol": rol,
                "subdelegacion": subdelegacion.strip(),
                "activo": True,
                "alta_en": ahora,
                "actualizado_en": ahora,
            },
        )
    return ResultadoAlta(oficial, nuevo)


def oficial_activo(rfc: str) -> Oficial | None:
    return Oficial.objects.filter(rfc=rfc, activo=True).first()
