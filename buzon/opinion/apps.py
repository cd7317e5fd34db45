from django.apps import AppConfig


class OpinionConfig(AppConfig):
    name = "buzon.opinion"
    verbose_name = "Opinión de cumplimiento (32-D)"
