from django.apps import AppConfig


class HabilitacionConfig(AppConfig):
    name = "buzon.habilitacion"
    verbose_name = "Habilitación del buzón"
