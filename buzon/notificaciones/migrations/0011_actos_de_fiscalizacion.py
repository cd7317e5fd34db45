"""The acts of the electronic audit (relación 8, «Fiscalización electrónica»): 8.1 the audit
start, 8.2 a requerimiento inside it [I-125], and the catalogue's source now naming numerales 7
and 8 (version 2026-12-04). Like 0009, a catalogue an operator imported since (another version) is
left as it is; the constants are frozen here (migrations never import app code;
`tests/notificaciones/test_catalogo_legal.py` checks 0009 and this one equal `datos/actos.json`).
8.1 and 8.2 wait for the Institute's announcement, as every act after 7.4."""

from django.db import migrations

VERSION_ANTERIOR = "2026-12-03"
VERSION = "2026-12-04"
FUENTE = (
    "Relación de trámites y servicios disponibles y por ofrecerse en el Buzón IMSS, numerales 7 "
    "y 8 (Acuerdo ACDO.AS2.HCT.230724/261.P.DIR, DOF 5-08-2024)"
)
#: clave, legal name, es_requerimiento, offered from the entry into force.
ACTOS = (
    ("8.1", "Oficio de inicio de fiscalización electrónica", False, False),
    ("8.2", "Requerimiento de información dentro de la fiscalización electrónica", True, False),
)


def actos_de_fiscalizacion(apps, schema_editor):  # type: ignore[no-untyped-def]
    TipoActo = apps.get_model("notificaciones", "TipoActo")
    anteriores = TipoActo.objects.filter(version=VERSION_ANTERIOR)
    if not anteriores.exists() and TipoActo.objects.exists():
        return  # an operator's own catalogue: untouched
    anteriores.update(fuente=FUENTE, version=VERSION)
    for clave, nombre, es_requerimiento, _ in ACTOS:
        TipoActo.objects.get_or_create(
            clave=clave,
            defaults={
                "nombre": nombre,
                "es_requerimiento": es_requerimiento,
                "fuente": FUENTE,
                "version": VERSION,
                "activo": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0010_indices_en_orden_de_barrido")]

    operations = [migrations.RunPython(actos_de_fiscalizacion, migrations.RunPython.noop)]
