"""Loads version 1 of the terms (the base text shipped with the system)."""

from importlib import resources

from django.db import migrations
from django.utils import timezone


def cargar(apps, schema_editor):  # type: ignore[no-untyped-def]
    texto = resources.files("buzon.habilitacion").joinpath("datos", "terminos-v1.txt")
    apps.get_model("habilitacion", "TerminosCondiciones").objects.get_or_create(
        version="1",
        defaults={"texto": texto.read_text(encoding="utf-8"), "vigente_desde": timezone.now()},
    )


class Migration(migrations.Migration):
    dependencies = [("habilitacion", "0001_initial")]
    operations = [migrations.RunPython(cargar, migrations.RunPython.noop)]
