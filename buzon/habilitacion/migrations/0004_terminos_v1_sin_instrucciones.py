"""Version 1 of the terms without the operator's instructions (issue 19, [I-90]).

The base text shipped with the system opened with how the Institute publishes a version (the
`buzon habilitacion terminos` command): text for the operator, not terms for the particular. It
is taken out of `datos/terminos-v1.txt`; a database where version 1 is stored with that opening
and nobody has signed it gets the new text. Once someone signed it, the stored text is what they
signed (its SHA-256 is in their cadena) and stays as it is.
"""

from importlib import resources

from django.db import migrations

INSTRUCCIONES = "«buzon habilitacion terminos"


def actualizar(apps, schema_editor):  # type: ignore[no-untyped-def]
    Terminos = apps.get_model("habilitacion", "TerminosCondiciones")
    Buzon = apps.get_model("habilitacion", "Buzon")
    base = Terminos.objects.filter(version="1").first()
    if base is None or INSTRUCCIONES not in base.texto:
        return
    if Buzon.objects.filter(terminos=base).exists():
        return
    texto = resources.files("buzon.habilitacion").joinpath("datos", "terminos-v1.txt")
    base.texto = texto.read_text(encoding="utf-8")
    base.save(update_fields=["texto"])


class Migration(migrations.Migration):
    dependencies = [("habilitacion", "0003_medio_reemplazo")]
    operations = [migrations.RunPython(actualizar, migrations.RunPython.noop)]
