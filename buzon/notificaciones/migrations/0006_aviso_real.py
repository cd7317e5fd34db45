from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0005_respuesta_fk")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
