"""What the comunicados' tests share: a padrón written as the import leaves it, officials of
each role and scope, and a comunicado taken through approval."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from buzon.comunicados.difusion import despues_de_aprobar
from buzon.comunicados.models import Comunicado
from buzon.comunicados.servicios import (
    DatosComunicado,
    do_aprobar,
    do_crear_comunicado,
    do_enviar_a_aprobacion,
)
from buzon.oficina.models import NACIONAL, Oficial
from buzon.oficina.servicios import do_alta_oficial
from buzon.padron.models import Patron, RegistroPatronal

#: The particulars of tests/cuentas (patron_a, patron_b) and a third one.
RFC_A = "XIQB891116QE4"
RFC_B = "H&E951128469"
RFC_C = "GODE561231GR8"
COMUNICADOR_NACIONAL = "CONA800101AB1"
COMUNICADOR_CENTRO = "COCE800101AB2"
SUPERVISOR_NACIONAL = "SUNA750505AB3"
SUPERVISOR_CENTRO = "SUCE750505AB4"


def patron(
    rfc: str,
    registros: Iterable[tuple[str, str, str, str]] = (),
    zona: str = "America/Mexico_City",
    momento: datetime | None = None,
) -> Patron:
    """A patrón and its registros (registro, entidad, subdelegacion, modalidad)."""
    ahora = momento or timezone.now()
    p = Patron.objects.create(
        rfc=rfc, nombre=f"PATRON {rfc}", zona_horaria=zona, creado_en=ahora, importado_en=ahora
    )
    RegistroPatronal.objects.bulk_create(
        [
            RegistroPatronal(
                registro=r,
                patron=p,
                entidad=e,
                subdelegacion=s,
                modalidad=m,
                creado_en=ahora,
                importado_en=ahora,
            )
            for r, e, s, m in registros
        ]
    )
    return p


def padron_basico() -> None:
    """A in Centro (CMX, modalidad 10), B in Guadalajara (JAL, 13), C in both (CMX 40, JAL 10)."""
    patron(RFC_A, [("Y5412345108", "CMX", "Centro", "10")])
    patron(RFC_B, [("Y5412345109", "JAL", "Guadalajara", "13")], zona="America/Tijuana")
    patron(
        RFC_C,
        [("Y5412345110", "CMX", "Centro", "40"), ("Y5412345111", "JAL", "Guadalajara", "10")],
        zona="America/Cancun",
    )


def oficial(rfc: str, rol: str, subdelegacion: str) -> Oficial:
    return do_alta_oficial(
        rfc=rfc, nombre=f"Servidor {rfc}", rol=rol, subdelegacion=subdelegacion
    ).oficial


def comunicador(nacional: bool = True) -> Oficial:
    if nacional:
        return oficial(COMUNICADOR_NACIONAL, Oficial.Rol.COMUNICADOR, NACIONAL)
    return oficial(COMUNICADOR_CENTRO, Oficial.Rol.COMUNICADOR, "Centro")


def supervisor(nacional: bool = True) -> Oficial:
    if nacional:
        return oficial(SUPERVISOR_NACIONAL, Oficial.Rol.SUPERVISOR, NACIONAL)
    return oficial(SUPERVISOR_CENTRO, Oficial.Rol.SUPERVISOR, "Centro")


def datos(segmento: str = "todos", **extra: Any) -> DatosComunicado:
    base: dict[str, Any] = {
        "titulo": "Nuevas facilidades de pago",
        "cuerpo": "El Instituto informa **facilidades** para empresas.",
        "segmento": segmento,
    }
    base.update(extra)
    return DatosComunicado(**base)


def publicar(
    autor: Oficial, aprueba: Oficial, d: DatosComunicado, *, difundir: bool = True
) -> Comunicado:
    c = do_crear_comunicado(autor, d)
    do_enviar_a_aprobacion(autor, c.pk)
    do_aprobar(aprueba, c.pk)
    if difundir:
        despues_de_aprobar(c.pk)
    c.refresh_from_db()
    return c
