from django.urls import URLPattern, path

from buzon.fiscalizacion import vistas

app_name = "fiscalizacion"
urlpatterns: list[URLPattern] = [
    path("oficina/fiscalizacion/", vistas.tablero, name="tablero"),
    path(
        "oficina/fiscalizacion/programas/<int:programa_id>/", vistas.ver_programa, name="programa"
    ),
    path(
        "oficina/fiscalizacion/programas/<int:programa_id>/aprobar",
        vistas.aprobar,
        name="aprobar",
    ),
    path("buzon/fiscalizacion/", vistas.mis_actos, name="mis_actos"),
]
