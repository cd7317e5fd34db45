from django.urls import URLPattern

app_name = "documentos"
urlpatterns: list[URLPattern] = []
