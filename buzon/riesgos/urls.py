from django.urls import URLPattern

app_name = "riesgos"
urlpatterns: list[URLPattern] = []
