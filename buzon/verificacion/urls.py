from django.urls import path

from buzon.verificacion import vistas as views

app_name = "verificacion"
urlpatterns = [
    path("verificar/", views.verificar_acuse, name="formulario"),
    path("verificar/aviso/", views.verificar_aviso_recibido, name="aviso"),
    path("verificar/<str:folio>", views.verificar_acuse, name="acuse"),
]
