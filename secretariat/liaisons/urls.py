from django.urls import path

from . import views

app_name = "liaisons"
urlpatterns = [
    path("", views.statement_list, name="list"),
    path("new/", views.create, name="create"),
    path("<id:statement_id>/", views.statement, name="statement"),
    path("<id:statement_id>/edit/", views.edit, name="edit"),
    path("<id:statement_id>/state/", views.transition, name="transition"),
    path("<id:statement_id>/attachments/", views.attach, name="attach"),
    path("<id:statement_id>/history/", views.history, name="history"),
]
