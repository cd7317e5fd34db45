from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0008_personal")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
