from django.apps import AppConfig


class ConveniosConfig(AppConfig):
    name = "buzon.convenios"
    verbose_name = "Convenios con dependencias (servicio web)"
