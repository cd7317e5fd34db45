from django.urls import URLPattern, path

from buzon.comunicados import vistas, vistas_oficina

app_name = "comunicados"
urlpatterns: list[URLPattern] = [
    path("buzon/comunicados/", vistas.mis_comunicados, name="mis_comunicados"),
    path("buzon/comunicados/<int:comunicado_id>/", vistas.detalle, name="detalle"),
    path("buzon/comunicados/<int:comunicado_id>/abrir", vistas.abrir, name="abrir"),
    path(
        "buzon/comunicados/<int:comunicado_id>/adjuntos/<int:numero>",
        vistas.adjunto,
        name="adjunto",
    ),
    path("oficina/comunicados/", vistas_oficina.lista, name="oficina_lista"),
    path("oficina/comunicados/nuevo", vistas_oficina.nuevo, name="oficina_nuevo"),
    path(
        "oficina/comunicados/<int:comunicado_id>/",
        vistas_oficina.detalle,
        name="oficina_detalle",
    ),
    path(
        "oficina/comunicados/<int:comunicado_id>/adjuntos/<int:numero>",
        vistas_oficina.adjunto,
        name="oficina_adjunto",
    ),
    path(
        "oficina/comunicados/<int:comunicado_id>/<str:nombre>",
        vistas_oficina.accion,
        name="oficina_accion",
    ),
]
