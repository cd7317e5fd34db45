from django.apps import AppConfig


class DerechohabientesConfig(AppConfig):
    name = "buzon.derechohabientes"
    verbose_name = "Derechohabientes (LSS 5 A XXIV; relación 4.2, 4.3, 10.5, 10.6)"
