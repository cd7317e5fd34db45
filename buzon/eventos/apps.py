from django.apps import AppConfig


class EventosConfig(AppConfig):
    name = "buzon.eventos"
    verbose_name = "Calendario de eventos y recordatorios (relación 2)"
