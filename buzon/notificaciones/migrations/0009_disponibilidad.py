"""The legal names of the acts 7.1–7.18, and from when each act may be issued (Transitorio
Segundo) [I-43].

The names are those of the relación de trámites y servicios (Acuerdo
ACDO.AS2.HCT.230724/261.P.DIR, DOF 5-08-2024), copied here as they stand today (migrations never
import app code; `tests/notificaciones/test_catalogo_legal.py` checks they equal
`datos/actos.json`). They replace the descriptive names the earlier edition shipped (version
2024-08-05, I-19); a catalogue an operator imported since (another version) is left as it is. 7.9
and 7.17 join 7.6 as requirements. 7.1–7.4 get the record "from the entry into force"; 7.5–7.18
wait for the Institute's announcement. On PostgreSQL the availability table is append-only, as
the timeline is (the trigger function is evidencia 0002's).
"""

import django.db.models.deletion
from django.db import migrations, models

VERSION_ANTERIOR = "2024-08-05"
VERSION = "2026-12-03"
FUENTE = (
    "Relación de trámites y servicios disponibles y por ofrecerse en el Buzón IMSS, numeral 7 "
    "(Acuerdo ACDO.AS2.HCT.230724/261.P.DIR, DOF 5-08-2024)"
)
#: clave, legal name, es_requerimiento, offered from the entry into force.
ACTOS = (
    ("7.1", "Resolución de Determinación de la Prima en el Seguro de Riesgos de Trabajo", False, True),
    ("7.2", "Resolución de Rectificación de la Prima en el Seguro de Riesgos de Trabajo", False, True),
    ("7.3", "Multa derivada de la Rectificación de la Prima en el Seguro de Riesgos de Trabajo", False, True),
    ("7.4", "Resolución para cubrir la Prima Media, conforme al artículo 72, último párrafo, de la Ley del Seguro Social", False, True),
    ("7.5", "Resolución de rectificación de la clasificación de la empresa", False, False),
    ("7.6", "Oficio de requerimiento de información faltante en el trámite", True, False),
    ("7.7", "Oficio para desechar el trámite por falta de atención del requerimiento", False, False),
    ("7.8", "Invitación para revisar la correcta clasificación de las empresas", False, False),
    ("7.9", "Oficio de requerimiento de documentación complementaria dentro de la corrección en materia de clasificación de empresas", True, False),
    ("7.10", "Oficio de abandono de la corrección en materia de clasificación de empresas", False, False),
    ("7.11", "Oficio de respuesta dejando a salvo facultades de comprobación en materia de clasificación de empresas", False, False),
    ("7.12", "Oficio artículo 182 del Reglamento de la Ley del Seguro Social en materia de Afiliación, Clasificación de Empresas, Recaudación y Fiscalización (a contrario sensu) en materia de clasificación de empresas", False, False),
    ("7.13", "Oficio de conclusión del trámite de corrección en materia de clasificación de empresas", False, False),
    ("7.14", "Oficio de cierre por validación de la corrección patronal", False, False),
    ("7.15", "Autorización de registro para dictaminar las obligaciones en materia de seguridad social", False, False),
    ("7.16", "Baja de registro de Contador Público Autorizado", False, False),
    ("7.17", "Artículo 17 de la Ley del Seguro Social a patrones con probables inscripciones improcedentes", True, False),
    ("7.18", "Carta Invitación a patrones con concentración salarial", False, False),
)  # fmt: skip
#: The availability record of 7.1–7.4 (the same sentence `emision.catalogo` writes).
ANUNCIO_VIGOR = (
    "Disponible desde la entrada en vigor de los Lineamientos (Acuerdo Sexto): el Transitorio "
    "Segundo no lo sujeta a anuncio."
)
TABLA = "notificaciones_disponibilidadacto"


def nombres_legales(apps, schema_editor):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    TipoActo = apps.get_model("notificaciones", "TipoActo")
    DisponibilidadActo = apps.get_model("notificaciones", "DisponibilidadActo")
    ahora = timezone.now()
    for clave, nombre, es_requerimiento, desde_vigor in ACTOS:
        datos = {
            "nombre": nombre,
            "es_requerimiento": es_requerimiento,
            "fuente": FUENTE,
            "version": VERSION,
            "activo": True,
        }
        tipo, nuevo = TipoActo.objects.get_or_create(clave=clave, defaults=datos)
        if not nuevo and tipo.version == VERSION_ANTERIOR:
            TipoActo.objects.filter(pk=tipo.pk).update(**datos)
        if desde_vigor and not DisponibilidadActo.objects.filter(tipo=tipo).exists():
            DisponibilidadActo.objects.create(
                tipo=tipo, desde=None, anuncio=ANUNCIO_VIGOR, registrado_por="", registrado=ahora
            )


def solo_agregar(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE TRIGGER {TABLA}_solo_agregar BEFORE UPDATE OR DELETE ON {TABLA} "
        "FOR EACH ROW EXECUTE FUNCTION buzon_solo_agregar()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TABLA}_sin_truncate BEFORE TRUNCATE ON {TABLA} "
        "FOR EACH STATEMENT EXECUTE FUNCTION buzon_solo_agregar()"
    )


def quitar_solo_agregar(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLA}_solo_agregar ON {TABLA}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLA}_sin_truncate ON {TABLA}")


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0008_personal"), ("evidencia", "0002_solo_agregar")]

    operations = [
        migrations.CreateModel(
            name="DisponibilidadActo",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("desde", models.DateField(blank=True, null=True)),
                ("anuncio", models.CharField(max_length=500)),
                ("registrado_por", models.CharField(blank=True, default="", max_length=13)),
                ("registrado", models.DateTimeField()),
                (
                    "tipo",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="disponibilidades",
                        to="notificaciones.tipoacto",
                    ),
                ),
            ],
            options={
                "verbose_name": "disponibilidad de un acto",
                "verbose_name_plural": "disponibilidad de los actos",
                "indexes": [models.Index(fields=["tipo", "-id"], name="disponibilidad_tipo_idx")],
            },
        ),
        migrations.RunPython(nombres_legales, migrations.RunPython.noop),
        migrations.RunPython(solo_agregar, quitar_solo_agregar),
    ]
