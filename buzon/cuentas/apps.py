from django.apps import AppConfig


class CuentasConfig(AppConfig):
    name = "buzon.cuentas"
    verbose_name = "Cuentas y sesiones"
