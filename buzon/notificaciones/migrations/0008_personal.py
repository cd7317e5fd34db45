"""The personal route at any time (7.10), the citatorio and the diligencia (CFF 134-I, 135–137),
and the document's public verification code (filled here for the notifications already issued)."""

import secrets

from django.db import migrations, models

#: Crockford base-32, as buzon.evidencia.folio (copied: migrations never import app code).
ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _codigo() -> str:
    n = int.from_bytes(secrets.token_bytes(13), "big")
    return "".join(ALFABETO[(n >> (5 * i)) & 31] for i in range(20))


def llenar_codigos(apps, schema_editor):  # type: ignore[no-untyped-def]
    Notificacion = apps.get_model("notificaciones", "Notificacion")
    pendientes = Notificacion.objects.filter(codigo_verificacion="").only("id")
    lote = []
    for n in pendientes.iterator(chunk_size=2000):
        n.codigo_verificacion = _codigo()
        lote.append(n)
        if len(lote) == 2000:
            Notificacion.objects.bulk_update(lote, ["codigo_verificacion"])
            lote = []
    if lote:
        Notificacion.objects.bulk_update(lote, ["codigo_verificacion"])


def _texto(max_length: int) -> "models.CharField[str, str]":
    return models.CharField(max_length=max_length, blank=True, default="")


class Migration(migrations.Migration):
    dependencies = [("notificaciones", "0007_estrados_diez_dias")]

    operations = [
        migrations.AddField(
            "notificacion", "personal_elegida", models.DateTimeField(null=True, blank=True)
        ),
        migrations.AddField("notificacion", "personal_elegida_por", _texto(13)),
        migrations.AddField("notificacion", "personal_motivo", _texto(500)),
        migrations.AddField(
            "notificacion", "citatorio_dejado", models.DateTimeField(null=True, blank=True)
        ),
        migrations.AddField(
            "notificacion", "citatorio_cita", models.DateTimeField(null=True, blank=True)
        ),
        migrations.AddField("notificacion", "citatorio_con", _texto(300)),
        migrations.AddField("notificacion", "citatorio_fijado", models.BooleanField(default=False)),
        migrations.AddField("notificacion", "citatorio_por", _texto(13)),
        migrations.AddField(
            "notificacion", "personal_surte_efectos", models.DateField(null=True, blank=True)
        ),
        migrations.AddField("notificacion", "personal_con", _texto(13)),
        migrations.AddField("notificacion", "personal_nombre", _texto(300)),
        migrations.AddField(
            "notificacion", "personal_nego_firma", models.BooleanField(default=False)
        ),
        migrations.AddField("notificacion", "codigo_verificacion", _texto(32)),
        migrations.RunPython(llenar_codigos, migrations.RunPython.noop, elidable=False),
    ]
