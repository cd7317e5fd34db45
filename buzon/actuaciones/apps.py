from django.apps import AppConfig


class ActuacionesConfig(AppConfig):
    name = "buzon.actuaciones"
    verbose_name = "Actuaciones de los particulares"
