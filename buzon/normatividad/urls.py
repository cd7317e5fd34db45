from django.urls import URLPattern

app_name = "normatividad"
urlpatterns: list[URLPattern] = []
