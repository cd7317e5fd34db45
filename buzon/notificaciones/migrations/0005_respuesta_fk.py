from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0004_indice_estrados")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
