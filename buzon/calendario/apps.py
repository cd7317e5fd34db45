from django.apps import AppConfig


class CalendarioConfig(AppConfig):
    name = "buzon.calendario"
    verbose_name = "Calendario de días inhábiles"
