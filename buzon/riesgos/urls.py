from django.urls import path

from buzon.riesgos import vistas

app_name = "riesgos"
urlpatterns = [
    path("riesgos/", vistas.terminados, name="terminados"),
    path("riesgos/determinacion/", vistas.determinacion, name="determinacion"),
    path("riesgos/determinacion/preparar/", vistas.preparar, name="preparar"),
    path(
        "riesgos/determinacion/<int:actuacion_id>/",
        vistas.presentacion_,
        name="presentacion",
    ),
    path("riesgos/determinacion/<int:actuacion_id>/firmar/", vistas.firmar, name="firmar"),
    path("riesgos/determinacion/<int:actuacion_id>/registrar/", vistas.registrar, name="registrar"),
]
