from django.urls import path

from buzon.normatividad import vistas

app_name = "normatividad"
urlpatterns = [
    path("normatividad/", vistas.indice, name="indice"),
    path("normatividad/buscar/", vistas.buscar, name="buscar"),
    path("oficina/normatividad/agregar/", vistas.agregar, name="agregar"),
    path("normatividad/<str:clave>/", vistas.texto, name="texto"),
    path("normatividad/<str:clave>/versiones/<int:numero>/", vistas.version, name="version"),
    path("normatividad/<str:clave>/comparar/", vistas.comparacion, name="comparar"),
]
