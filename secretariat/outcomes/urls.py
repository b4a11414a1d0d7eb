from django.urls import path

from . import feeds, views

app_name = "outcomes"
urlpatterns = [
    path("", views.outcomes, name="outcomes"),
    path("feed/", feeds.OutcomeFeed(), name="feed"),
    path("translate/", views.workspace_index, name="workspace_index"),
    path("<slug:slug>/", views.outcome, name="outcome"),
    path("<slug:slug>/print/", views.print_page, name="print"),
    path("<slug:slug>/download/<str:fmt>/", views.download, name="download"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/announce/", views.announce, name="announce"),
    path("<slug:slug>/translate/<str:language>/", views.workspace, name="workspace"),
    path(
        "<slug:slug>/translate/<str:language>/<str:eid>/",
        views.save_translation,
        name="save_translation",
    ),
    path(
        "<slug:slug>/translate/<str:language>/<str:eid>/verify/",
        views.verify_translation,
        name="verify_translation",
    ),
]
