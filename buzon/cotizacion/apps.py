from django.apps import AppConfig


class CotizacionConfig(AppConfig):
    name = "buzon.cotizacion"
    verbose_name = "Reporte Personalizado de Cotización y denuncia"
