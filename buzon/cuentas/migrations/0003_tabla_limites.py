"""The rate limits' own counters (`buzon_limite`, comun.limites): where they count when several
processes serve without Redis (BUZON_CACHE_URL=db://, the default of `buzon servir` with more than
one worker). One row per key: its current window's number, its count and when that window ends."""

from __future__ import annotations

from django.db import migrations

from buzon.comun.limites import TABLA_LIMITES

SQL = (
    f"CREATE TABLE {TABLA_LIMITES} (clave varchar(255) NOT NULL PRIMARY KEY, "
    "ventana bigint NOT NULL, cuenta integer NOT NULL, expira bigint NOT NULL)",
    f"CREATE INDEX {TABLA_LIMITES}_expira ON {TABLA_LIMITES} (expira)",
)


class Migration(migrations.Migration):
    dependencies = [("cuentas", "0002_tabla_cache")]

    operations = [migrations.RunSQL(SQL, f"DROP TABLE IF EXISTS {TABLA_LIMITES}")]
