from django.apps import AppConfig


class ActuacionesConfig(AppConfig):
    name = "buzon.actuaciones"
    verbose_name = "Actuaciones de los particulares"

    def ready(self) -> None:
        """A notification may answer a filed actuación (7.6, `en_respuesta_a`): the issuing
        service of `buzon.notificaciones` asks this app which ones may be answered."""
        from buzon.actuaciones.selectors import es_respondible
        from buzon.notificaciones.emision.respuesta import al_validar_respuesta

        al_validar_respuesta(es_respondible)
