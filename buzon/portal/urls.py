from django.urls import path

from buzon.portal import vistas as views
from buzon.portal import vistas_buzon

app_name = "portal"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("calendario/", views.calendario, name="calendario"),
    path("entrar/", vistas_buzon.entrar, name="entrar"),
    path("salir/", vistas_buzon.salir, name="salir"),
    path("buzon/", vistas_buzon.mi_buzon, name="buzon"),
    path("buzon/medios/", vistas_buzon.medios, name="medios"),
    path("buzon/medios/confirmar/", vistas_buzon.confirmar, name="confirmar"),
    path("buzon/terminos/", vistas_buzon.terminos, name="terminos"),
    path("buzon/acuses/", vistas_buzon.acuses, name="acuses"),
    path("buzon/acuses/<str:folio>/pdf", vistas_buzon.acuse_pdf, name="acuse_pdf"),
]
