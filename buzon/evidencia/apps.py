from django.apps import AppConfig


class EvidenciaConfig(AppConfig):
    name = "buzon.evidencia"
    verbose_name = "Evidencia: acuses, sello y bitácora"
