from django.apps import AppConfig


class NormatividadConfig(AppConfig):
    name = "buzon.normatividad"
    verbose_name = "Normatividad (relación 3)"
