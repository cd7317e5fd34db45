from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0006_aviso_real")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
