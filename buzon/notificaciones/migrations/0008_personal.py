from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0007_estrados_diez_dias")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
