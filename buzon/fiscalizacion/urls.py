from django.urls import URLPattern, path

from buzon.fiscalizacion import vistas

app_name = "fiscalizacion"
urlpatterns: list[URLPattern] = [
    path("oficina/fiscalizacion/", vistas.tablero, name="tablero"),
    path("oficina/fiscalizacion/programas/<int:programa_id>/", vistas.programa, name="programa"),
    path("buzon/fiscalizacion/", vistas.mis_actos, name="mis_actos"),
]
