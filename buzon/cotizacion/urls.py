from django.urls import path

from buzon.cotizacion import vistas

app_name = "cotizacion"
urlpatterns = [
    path("cotizacion/", vistas.inicio, name="inicio"),
    path("cotizacion/suscripcion/", vistas.suscripcion, name="suscripcion"),
    path("cotizacion/denuncia/", vistas.nueva_denuncia, name="denuncia"),
    path("cotizacion/<str:periodo>/", vistas.reporte, name="reporte"),
]
