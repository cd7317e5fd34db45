"""The acts of the electronic audit (relación 8, «Fiscalización electrónica») in the acts
catalogue: the relación names numeral 8 without sub-numerals, and the catalogue's keys are
`N.M` [I-125], so the audit start is `8.1` and a requerimiento inside it `8.2`. They ship in the
acts catalogue (`notificaciones/datos/actos.json`, migration notificaciones 0011), so importing
that file keeps them; they are offered from the date the Institute records for them (`buzon
notificaciones catalogo disponibilidad`), as every act after 7.4.
"""

from __future__ import annotations

from buzon.notificaciones.models import TipoActo

#: The source of these two acts: numeral 8 of the relación.
FUENTE = (
    "Relación de trámites y servicios disponibles y por ofrecerse en el Buzón IMSS, numeral 8 "
    "(Acuerdo ACDO.AS2.HCT.230724/261.P.DIR, DOF 5-08-2024)"
)
VERSION = "2026-12-04"
#: clave, nombre, es_requerimiento (also in migration 0002, which may not import this module).
ACTOS = (
    ("8.1", "Oficio de inicio de fiscalización electrónica", False),
    ("8.2", "Requerimiento de información dentro de la fiscalización electrónica", True),
)


def do_asegurar_actos() -> bool:
    """Add 8.1 and 8.2 to the catalogue when missing (a flushed database: the migration adds
    them on install); True when it added one. The other acts are left as they are: their names,
    sources and versions are the catalogue's own (`buzon notificaciones catalogo`)."""
    agregado = False
    for clave, nombre, es_requerimiento in ACTOS:
        _, nuevo = TipoActo.objects.get_or_create(
            clave=clave,
            defaults={
                "nombre": nombre,
                "es_requerimiento": es_requerimiento,
                "fuente": FUENTE,
                "version": VERSION,
                "activo": True,
            },
        )
        agregado = agregado or nuevo
    return agregado
