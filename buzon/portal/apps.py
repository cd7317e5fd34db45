from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "buzon.portal"
    verbose_name = "Portal"
