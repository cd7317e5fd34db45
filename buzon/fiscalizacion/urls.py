from django.urls import URLPattern

app_name = "fiscalizacion"
urlpatterns: list[URLPattern] = []
