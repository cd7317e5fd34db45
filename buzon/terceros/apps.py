from django.apps import AppConfig


class TercerosConfig(AppConfig):
    name = "buzon.terceros"
    verbose_name = "Autorizaciones a terceros"
