from django.apps import AppConfig


class OficinaConfig(AppConfig):
    name = "buzon.oficina"
    verbose_name = "Servidores públicos del Instituto"
