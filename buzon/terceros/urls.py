from django.urls import URLPattern

app_name = "terceros"
urlpatterns: list[URLPattern] = []
