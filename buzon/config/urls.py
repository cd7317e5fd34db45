from django.urls import include, path

from buzon.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("buzon.verificacion.urls")),
    path("", include("buzon.portal.urls")),
    path("", include("buzon.actuaciones.urls")),
    path("", include("buzon.notificaciones.urls")),
]
