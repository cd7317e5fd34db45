from django.urls import include, path

from buzon.config.api import api

# Every failure Django answers itself: JSON under /api/, the Spanish page elsewhere.
handler400 = "buzon.config.errores.error_400"
handler403 = "buzon.config.errores.error_403"
handler404 = "buzon.config.errores.error_404"
handler500 = "buzon.config.errores.error_500"

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("buzon.verificacion.urls")),
    path("", include("buzon.portal.urls")),
    path("", include("buzon.actuaciones.urls")),
    path("", include("buzon.notificaciones.urls")),
    path("", include("buzon.cuotas.urls")),
    path("", include("buzon.terceros.urls")),
    path("", include("buzon.opinion.urls")),
    path("", include("buzon.comunicados.urls")),
    path("", include("buzon.normatividad.urls")),
    path("", include("buzon.derechohabientes.urls")),
    path("", include("buzon.eventos.urls")),
    path("", include("buzon.cotizacion.urls")),
    path("", include("buzon.riesgos.urls")),
    path("", include("buzon.fiscalizacion.urls")),
    path("", include("buzon.documentos.urls")),
]
