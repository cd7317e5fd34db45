from django.urls import URLPattern, path

from buzon.documentos import vistas

app_name = "documentos"
urlpatterns: list[URLPattern] = [
    # The particular's (cuotas keeps `buzon/documentos/` for its emisiones' page).
    path("buzon/mis-documentos/", vistas.mis_documentos, name="mis_documentos"),
    # Everyone's: the guides and formats.
    path("documentos/", vistas.publicos, name="publicos"),
    path("documentos/<int:documento_id>/pdf", vistas.publico_pdf, name="publico_pdf"),
    # Officials (an administrador publishes and withdraws).
    path("oficina/documentos/", vistas.oficina, name="oficina"),
    path(
        "oficina/documentos/<int:documento_id>/retiro",
        vistas.oficina_retirar,
        name="oficina_retirar",
    ),
]
