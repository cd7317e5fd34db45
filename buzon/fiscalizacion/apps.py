from django.apps import AppConfig


class FiscalizacionConfig(AppConfig):
    name = "buzon.fiscalizacion"
    verbose_name = "Fiscalización (relación 7.8, 7.17, 7.18, 8)"
