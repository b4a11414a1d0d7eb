from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("projects.csv", views.export_csv, name="csv"),
    path("new/", views.create, name="create"),
    path("<id:project_id>/", views.detail, name="detail"),
    path("<id:project_id>/state/", views.transition, name="transition"),
    path("<id:project_id>/cosponsor/", views.cosponsor, name="cosponsor"),
    path(
        "<id:project_id>/cosponsor/withdraw/",
        views.withdraw_cosponsorship,
        name="withdraw_cosponsorship",
    ),  # fmt: skip
    path("<id:project_id>/milestones/", views.add_milestone, name="add_milestone"),
    path("milestones/<id:milestone_id>/", views.milestone_state, name="milestone_state"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.open_round, name="open_round"),
    path("rounds/<id:round_id>/", views.round_detail, name="round"),
    path("rounds/<id:round_id>/scores/", views.score, name="score"),
    path("rounds/<id:round_id>/close/", views.close_round, name="close_round"),
]
