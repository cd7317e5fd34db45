from django.urls import URLPattern

app_name = "comunicados"
urlpatterns: list[URLPattern] = []
