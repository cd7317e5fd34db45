from django.urls import path

from buzon.cuotas.emisiones import vistas, vistas_oficina

app_name = "cuotas"
urlpatterns = [
    path("buzon/documentos/", vistas.mis_documentos, name="mis_documentos"),
    path("buzon/documentos/emisiones/<int:emision_id>/", vistas.emision, name="emision"),
    path("buzon/documentos/emisiones/<int:emision_id>/pdf", vistas.emision_pdf, name="pdf"),
    path("buzon/documentos/emisiones/<int:emision_id>/csv", vistas.emision_csv, name="csv"),
    path("oficina/emisiones/", vistas_oficina.emisiones, name="oficina_emisiones"),
]
