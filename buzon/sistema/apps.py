from django.apps import AppConfig


class SistemaConfig(AppConfig):
    name = "buzon.sistema"
    verbose_name = "Sistema: pasadas en segundo plano, Celery, barrer, servir y demo"

    def ready(self) -> None:
        """The lower apps wake the background pass through what is registered here."""
        from buzon.avisos.servicios import al_despertar_entrega
        from buzon.notificaciones.emision.lotes import al_pedir_pasada
        from buzon.sistema.trabajo import despertar, despertar_entrega

        al_despertar_entrega(despertar_entrega)
        al_pedir_pasada(despertar)
