from django.apps import AppConfig


class NotificacionesConfig(AppConfig):
    name = "buzon.notificaciones"
    verbose_name = "Notificaciones electrónicas"

    def ready(self) -> None:
        """A calendar change recomputes the pending notifications inside its transaction."""
        from buzon.calendario.servicios import al_cambiar_calendario
        from buzon.notificaciones.ciclo.recalculo import recalcular_por_calendario

        al_cambiar_calendario(recalcular_por_calendario)
