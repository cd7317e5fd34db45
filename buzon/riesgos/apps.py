from django.apps import AppConfig


class RiesgosConfig(AppConfig):
    name = "buzon.riesgos"
    verbose_name = "Prima de riesgos de trabajo (LSS 71–74; relación 10.3, 10.4)"

    def ready(self) -> None:
        """A determination filed anywhere records its prima (`actuaciones.firma.al_presentar`)."""
        from buzon.actuaciones.firma import al_presentar
        from buzon.riesgos.servicios import al_presentar_actuacion

        al_presentar(al_presentar_actuacion)
