from django.apps import AppConfig


class ComunicadosConfig(AppConfig):
    name = "buzon.comunicados"
    verbose_name = "Mis comunicados (numeral 8; relación 5)"
