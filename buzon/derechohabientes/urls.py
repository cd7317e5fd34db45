from django.urls import URLPattern

app_name = "derechohabientes"
urlpatterns: list[URLPattern] = []
