from django.apps import AppConfig


class VerificacionConfig(AppConfig):
    name = "buzon.verificacion"
    verbose_name = "Verificación pública de acuses"
