from django.urls import URLPattern

app_name = "cotizacion"
urlpatterns: list[URLPattern] = []
