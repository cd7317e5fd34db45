"""`en_respuesta_a` becomes a database-enforced reference to a filed actuación (7.6).

Nothing changes in this app's tables: `notificaciones` (L3.0) sits below `actuaciones` (L3.1), so
the reference is declared from above, by `actuaciones/migrations/0002_notificacion_respuesta_fk`
(a FOREIGN KEY on PostgreSQL, triggers on SQLite), which runs after this app's migrations. See
docs/architecture.md, «Capas».
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0004_indice_estrados")]

    operations = []
