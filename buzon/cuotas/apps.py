from django.apps import AppConfig


class CuotasConfig(AppConfig):
    name = "buzon.cuotas"
    verbose_name = "Cuotas obrero-patronales"
