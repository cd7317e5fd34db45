"""Acts 8.1 and 8.2 (relación 8, fiscalización electrónica) in the acts catalogue [I-125]; an
install that has them already (imported by an operator) keeps its rows. The constants are those of
`fiscalizacion.catalogo` (a migration never imports app code; tests/fiscalizacion checks both)."""

from django.db import migrations

FUENTE = (
    "Relación de trámites y servicios disponibles y por ofrecerse en el Buzón IMSS, numeral 8 "
    "(Acuerdo ACDO.AS2.HCT.230724/261.P.DIR, DOF 5-08-2024)"
)
VERSION = "2026-12-04"
ACTOS = (
    ("8.1", "Oficio de inicio de fiscalización electrónica", False),
    ("8.2", "Requerimiento de información dentro de la fiscalización electrónica", True),
)


def agregar(apps, schema_editor):  # type: ignore[no-untyped-def]
    TipoActo = apps.get_model("notificaciones", "TipoActo")
    for clave, nombre, es_requerimiento in ACTOS:
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
    dependencies = [
        ("fiscalizacion", "0001_initial"),
        ("notificaciones", "0010_indices_en_orden_de_barrido"),
    ]

    operations = [migrations.RunPython(agregar, migrations.RunPython.noop)]
