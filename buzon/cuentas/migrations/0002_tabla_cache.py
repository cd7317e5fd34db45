"""The database cache's table (`buzon_cache`, comun.cache): where the login and verification rate
limits count when several processes serve and BUZON_CACHE_URL names no Redis (issue 19)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.createcachetable import Command as CrearTablaCache
from django.db import migrations

from buzon.comun.cache import TABLA


def crear(apps: Any, schema_editor: Any) -> None:
    comando = CrearTablaCache()
    comando.verbosity = 0
    comando.create_table(schema_editor.connection.alias, TABLA, False)


def borrar(apps: Any, schema_editor: Any) -> None:
    nombre = schema_editor.quote_name(TABLA)
    schema_editor.execute(f"DROP TABLE IF EXISTS {nombre}")


class Migration(migrations.Migration):
    dependencies = [("cuentas", "0001_initial")]

    operations = [migrations.RunPython(crear, borrar)]
