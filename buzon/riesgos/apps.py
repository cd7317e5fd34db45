from django.apps import AppConfig


class RiesgosConfig(AppConfig):
    name = "buzon.riesgos"
    verbose_name = "Prima de riesgos de trabajo (LSS 71–74; relación 10.3, 10.4)"
