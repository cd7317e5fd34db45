"""`Notificacion.en_respuesta_a` references a filed `Actuacion` (7.6) in the database itself.

The column lives in `notificaciones` (L3.0) and the table it points to in `actuaciones` (L3.1). A
Django ForeignKey from the lower app to the upper one would make `notificaciones` depend on
`actuaciones` (its models and migrations). So the lower app keeps a plain id column and the upper
app, which already knows both, declares the constraint here (docs/architecture.md, «Capas»):
- PostgreSQL: a real FOREIGN KEY, ON DELETE RESTRICT;
- SQLite (which cannot add a constraint to an existing table): triggers refusing a notification
  that names an actuación that does not exist, on insert and on update of the column (a table
  rebuilt by a later migration loses them: the test of this constraint would then fail).
The service still checks the legal rule (filed, same RFC, a trámite that expects an answer:
`notificaciones.emision.respuesta`); the database guarantees the reference itself.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

NOMBRE = "notificacion_en_respuesta_a_fk"

POSTGRES = (
    f"ALTER TABLE notificaciones_notificacion ADD CONSTRAINT {NOMBRE} "
    "FOREIGN KEY (en_respuesta_a) REFERENCES actuaciones_actuacion (id) "
    "ON DELETE RESTRICT",
    f"ALTER TABLE notificaciones_notificacion DROP CONSTRAINT {NOMBRE}",
)

_CONDICION = (
    "WHEN NEW.en_respuesta_a IS NOT NULL AND NOT EXISTS "
    "(SELECT 1 FROM actuaciones_actuacion WHERE id = NEW.en_respuesta_a) "
    "BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: en_respuesta_a'); END"
)
SQLITE = (
    [
        f"CREATE TRIGGER {NOMBRE}_alta BEFORE INSERT ON notificaciones_notificacion "
        f"FOR EACH ROW {_CONDICION}",
        f"CREATE TRIGGER {NOMBRE}_cambio BEFORE UPDATE OF en_respuesta_a ON "
        f"notificaciones_notificacion FOR EACH ROW {_CONDICION}",
    ],
    [f"DROP TRIGGER IF EXISTS {NOMBRE}_alta", f"DROP TRIGGER IF EXISTS {NOMBRE}_cambio"],
)


def _ejecutar(editor: Any, sentencias: list[str]) -> None:
    for sentencia in sentencias:
        editor.execute(sentencia)


def crear(apps: Any, editor: Any) -> None:
    if editor.connection.vendor == "postgresql":
        _ejecutar(editor, [POSTGRES[0]])
    elif editor.connection.vendor == "sqlite":
        _ejecutar(editor, SQLITE[0])


def quitar(apps: Any, editor: Any) -> None:
    if editor.connection.vendor == "postgresql":
        _ejecutar(editor, [POSTGRES[1]])
    elif editor.connection.vendor == "sqlite":
        _ejecutar(editor, SQLITE[1])


class Migration(migrations.Migration):
    dependencies = [
        ("actuaciones", "0001_inicial"),
        # After every migration of notificaciones that may rebuild its table: SQLite drops a
        # table's triggers when Django remakes it (tests/actuaciones/test_respuesta_fk.py fails
        # if a later one does; it must then re-create them).
        ("notificaciones", "0009_disponibilidad"),
    ]

    operations = [migrations.RunPython(crear, quitar)]
