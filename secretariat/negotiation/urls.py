from django.urls import path

from . import views

app_name = "negotiation"
urlpatterns = [
    path("", views.texts, name="texts"),
    path("<slug:slug>/", views.text, name="text"),
    path("<slug:slug>/map/", views.consensus_map, name="map"),
]
