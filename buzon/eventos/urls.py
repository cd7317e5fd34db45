from django.urls import URLPattern

app_name = "eventos"
urlpatterns: list[URLPattern] = []
