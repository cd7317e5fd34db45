from django.apps import AppConfig


class NotificacionesConfig(AppConfig):
    name = "buzon.notificaciones"
    verbose_name = "Notificaciones electrónicas"

    def ready(self) -> None:
        """A calendar change recomputes the pending notifications inside its transaction; a
        provider's final answer to an aviso fixes the aviso instant inside the transaction that
        records it (7.3 [I-35])."""
        from buzon.avisos.resultados import al_resultado_final
        from buzon.calendario.servicios import al_cambiar_calendario
        from buzon.notificaciones.ciclo.recalculo import recalcular_por_calendario
        from buzon.notificaciones.entrega.aceptacion import registrar_resultados

        al_cambiar_calendario(recalcular_por_calendario)
        al_resultado_final(registrar_resultados)
