from django.urls import path

from buzon.actuaciones import vistas

app_name = "actuaciones"
urlpatterns = [
    path("actuaciones/", vistas.mis_actuaciones, name="mis_actuaciones"),
    path("actuaciones/tramites/", vistas.catalogo, name="catalogo"),
    path("actuaciones/tramites/<str:clave>/", vistas.nueva, name="nueva"),
    path("actuaciones/<int:actuacion_id>/", vistas.detalle, name="detalle"),
    path("actuaciones/<int:actuacion_id>/firmar/", vistas.firmar, name="firmar"),
    path("actuaciones/<int:actuacion_id>/anexos/<int:indice>", vistas.anexo, name="anexo"),
    path("oficina/actuaciones/", vistas.bandeja, name="bandeja"),
    path("oficina/actuaciones/<int:actuacion_id>/", vistas.detalle_oficina, name="oficina_detalle"),
    path(
        "oficina/actuaciones/<int:actuacion_id>/anexos/<int:indice>",
        vistas.anexo_oficina,
        name="oficina_anexo",
    ),
]
