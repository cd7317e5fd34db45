from django.urls import path

from buzon.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("calendario/", views.calendario, name="calendario"),
]
