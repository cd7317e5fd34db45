from django.urls import URLPattern

app_name = "opinion"
urlpatterns: list[URLPattern] = []
