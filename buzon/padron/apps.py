from django.apps import AppConfig


class PadronConfig(AppConfig):
    name = "buzon.padron"
    verbose_name = "Padrón de patrones"
