"""Opiniones and consultas are append-only, enforced by the database as evidencia's tables are.

On PostgreSQL the function `buzon_solo_agregar` (evidencia 0002) refuses UPDATE, DELETE and
TRUNCATE for every role but superusers; nothing ever purges an opinión (docs/opinion.md: verifiable
by folio for five years). SQLite has no roles: there it rests on the code.
"""

from django.db import migrations

TABLAS = ("opinion_opinion", "opinion_consulta")


def instalar(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
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


class Migration(migrations.Migration):
    dependencies = [("opinion", "0001_initial"), ("evidencia", "0002_solo_agregar")]
    operations = [migrations.RunPython(instalar, retirar)]
