from django.apps import AppConfig


class DocumentosConfig(AppConfig):
    name = "buzon.documentos"
    verbose_name = "Mis documentos (numeral 8; relación 4)"
