from django.urls import path

from . import views

app_name = "precedents"
urlpatterns = [
    path("<slug:slug>/<str:eid>/", views.panel, name="panel"),
    path("<slug:slug>/<str:eid>/insert/", views.insert, name="insert"),
]
