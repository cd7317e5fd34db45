from django.urls import URLPattern, path

from buzon.opinion import vistas

app_name = "opinion"
urlpatterns: list[URLPattern] = [
    path("buzon/opinion/", vistas.mi_opinion, name="mi_opinion"),
    path("buzon/opinion/<str:folio>/pdf", vistas.opinion_pdf, name="pdf"),
    path("buzon/opinion-de-terceros/", vistas.de_tercero, name="de_tercero"),
    path("buzon/consultas/", vistas.mis_consultas, name="mis_consultas"),
    path("opinion-publica/", vistas.publica, name="publica"),
]
