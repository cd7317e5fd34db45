from django.urls import URLPattern, path

from buzon.eventos import vistas

app_name = "eventos"
urlpatterns: list[URLPattern] = [
    path("buzon/calendario-de-eventos/", vistas.calendario, name="calendario"),
    path("buzon/calendario-de-eventos/recordatorios/", vistas.preferencias, name="preferencias"),
    path("buzon/calendario-de-eventos/enlace/", vistas.enlace, name="enlace"),
    path("calendario-de-eventos/<str:token>.ics", vistas.ics, name="ics"),
]
