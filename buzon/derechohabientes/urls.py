from django.urls import URLPattern, path

from buzon.derechohabientes import vistas

app_name = "derechohabientes"
urlpatterns: list[URLPattern] = [
    path("buzon/derechohabiente/", vistas.inicio, name="inicio"),
    path("buzon/derechohabiente/semanas/", vistas.semanas, name="semanas"),
    path("buzon/derechohabiente/semanas/<str:folio>/pdf", vistas.semanas_pdf, name="semanas_pdf"),
    path("buzon/derechohabiente/vigencia/", vistas.vigencia, name="vigencia"),
    path(
        "buzon/derechohabiente/vigencia/<str:folio>/pdf", vistas.vigencia_pdf, name="vigencia_pdf"
    ),
]
