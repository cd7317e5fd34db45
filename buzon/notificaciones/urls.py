from django.urls import path

from buzon.notificaciones.caras import vistas, vistas_lotes, vistas_oficina, vistas_personal

app_name = "notificaciones"
urlpatterns = [
    # The particular (perfil particular): Mis notificaciones.
    path("buzon/notificaciones/", vistas.lista, name="lista"),
    path("buzon/notificaciones/<int:notificacion_id>/", vistas.detalle, name="detalle"),
    path("buzon/notificaciones/<int:notificacion_id>/abrir/", vistas.abrir, name="abrir"),
    path(
        "buzon/notificaciones/<int:notificacion_id>/documento",
        vistas.documento,
        name="documento",
    ),
    # Public: the estrados board (CFF 139).
    path("estrados/", vistas.estrados, name="estrados"),
    # Officials (perfil servidor_publico).
    path("oficina/", vistas_oficina.inicio, name="oficina"),
    path("oficina/entrar/", vistas_oficina.entrar, name="oficina_entrar"),
    path("oficina/notificaciones/", vistas_oficina.lista, name="oficina_lista"),
    path("oficina/notificaciones/nueva/", vistas_oficina.emitir, name="oficina_emitir"),
    path(
        "oficina/notificaciones/<int:notificacion_id>/",
        vistas_oficina.detalle,
        name="oficina_detalle",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/documento",
        vistas_oficina.documento,
        name="oficina_documento",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/cancelar/",
        vistas_oficina.cancelar,
        name="oficina_cancelar",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/personal/",
        vistas_personal.personal,
        name="oficina_personal",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/via-personal/",
        vistas_personal.elegir,
        name="oficina_via_personal",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/citatorio/",
        vistas_personal.citatorio,
        name="oficina_citatorio",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/citatorio.pdf",
        vistas_personal.citatorio_pdf,
        name="oficina_citatorio_pdf",
    ),
    path(
        "oficina/notificaciones/<int:notificacion_id>/impresa.pdf",
        vistas_personal.impresa,
        name="oficina_impresa",
    ),
    path("oficina/lotes/nuevo/", vistas_lotes.lote_nuevo, name="oficina_lote_nuevo"),
    path("oficina/lotes/<int:lote_id>/", vistas_lotes.lote, name="oficina_lote"),
    path(
        "oficina/lotes/<int:lote_id>/avance", vistas_lotes.lote_avance, name="oficina_lote_avance"
    ),
]
