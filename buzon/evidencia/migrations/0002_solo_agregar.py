"""The evidence log's head row, and append-only tables enforced by the database.

On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE on acuses, log entries and checkpoints
for every role but superusers (who can disable triggers anyway: the protection is against the
application's own role). SQLite has no roles; there, immutability rests on the code and on
`buzon evidencia verificar`, which detects any change.
"""

from django.db import migrations

TABLAS = ("evidencia_entradabitacora", "evidencia_acuse", "evidencia_puntodecontrol")

FUNCION = """
CREATE OR REPLACE FUNCTION buzon_solo_agregar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
        IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'La tabla % es de solo agregar: no admite %.', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def instalar(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("evidencia", "CabezaBitacora").objects.get_or_create(
        pk=1, defaults={"secuencia": 0, "hash": "0" * 64}
    )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCION, params=None)
    for tabla in TABLAS:
        schema_editor.execute(
            f"CREATE TRIGGER {tabla}_solo_agregar BEFORE UPDATE OR DELETE ON {tabla} "
            "FOR EACH ROW EXECUTE FUNCTION buzon_solo_agregar()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {tabla}_sin_truncate BEFORE TRUNCATE ON {tabla} "
            "FOR EACH STATEMENT EXECUTE FUNCTION buzon_solo_agregar()"
        )


def retirar(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabla in TABLAS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabla}_solo_agregar ON {tabla}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {tabla}_sin_truncate ON {tabla}")
    schema_editor.execute("DROP FUNCTION IF EXISTS buzon_solo_agregar()")


class Migration(migrations.Migration):
    dependencies = [("evidencia", "0001_initial")]
    operations = [migrations.RunPython(instalar, retirar)]
