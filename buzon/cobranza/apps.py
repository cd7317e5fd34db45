from django.apps import AppConfig


class CobranzaConfig(AppConfig):
    name = "buzon.cobranza"
    verbose_name = "Créditos fiscales (cobranza)"
