from django.urls import path

from . import views

app_name = "commitments"
urlpatterns = [
    path("", views.index, name="index"),
    path("<id:commitment_id>/", views.detail, name="detail"),
    path("<id:commitment_id>/decide/", views.decide, name="decide"),
    path("texts/<slug:slug>/suggestions/", views.suggestions, name="suggestions"),
    path("<id:commitment_id>/reports/<id:cycle_id>/<str:economy>/", views.report, name="report"),
    path("reports/<id:report_id>/submit/", views.submit, name="submit"),
    path("<id:commitment_id>/scores/<id:cycle_id>/<str:economy>/", views.score, name="score"),
    path("scores/<id:score_id>/comment/", views.comment, name="comment"),
    path("heat-map/", views.heat_map, name="heat_map"),
    path("heat-map.csv", views.heat_map_csv, name="heat_map_csv"),
    path("scores/import/", views.import_scores, name="import"),
    path("cycles/<id:cycle_id>/publish/", views.publish, name="publish"),
]
