from django.apps import AppConfig


class AvisosConfig(AppConfig):
    name = "buzon.avisos"
    verbose_name = "Avisos: correo y SMS (bandeja de salida)"
