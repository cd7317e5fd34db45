"""The shipped catalogue of acts, and the timeline as an append-only table on PostgreSQL.

The trigger function `buzon_solo_agregar` is the evidence app's (evidencia 0002): UPDATE, DELETE
and TRUNCATE on notification events are refused for the application's role.
"""

from django.db import migrations

TABLA = "notificaciones_evento"


def instalar(apps, schema_editor):  # type: ignore[no-untyped-def]
    from buzon.notificaciones.emision.catalogo import catalogo_base, leer

    TipoActo = apps.get_model("notificaciones", "TipoActo")
    version, fuente, actos = leer(catalogo_base())
    for acto in actos:
        TipoActo.objects.get_or_create(
            clave=acto["clave"],
            defaults={**acto, "fuente": fuente, "version": version, "activo": True},
        )
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


def retirar(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLA}_solo_agregar ON {TABLA}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLA}_sin_truncate ON {TABLA}")


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0001_inicial"), ("evidencia", "0002_solo_agregar")]
    operations = [migrations.RunPython(instalar, retirar)]
