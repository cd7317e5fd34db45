from django.apps import AppConfig


class NotificacionesConfig(AppConfig):
    name = "buzon.notificaciones"
    verbose_name = "Notificaciones electrónicas"
