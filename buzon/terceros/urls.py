from django.urls import path

from buzon.terceros import vistas

app_name = "terceros"
urlpatterns = [
    path("autorizaciones/", vistas.autorizaciones, name="autorizaciones"),
    path("autorizaciones/publicacion/", vistas.publicar, name="publicar"),
    path("autorizaciones/recibidas/", vistas.recibidas, name="recibidas"),
    path("autorizaciones/<int:autorizacion_id>/", vistas.detalle, name="detalle"),
    path("autorizaciones/<int:autorizacion_id>/firmar/", vistas.firmar, name="firmar"),
    path("autorizaciones/<int:autorizacion_id>/revocar/", vistas.revocar, name="revocar"),
    path(
        "autorizaciones/<int:autorizacion_id>/revocacion/firmar/",
        vistas.firmar_revocacion,
        name="firmar_revocacion",
    ),
]
