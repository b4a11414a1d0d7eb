from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("archive/", views.archive, name="archive"),
    # Under the events pages' address; the events app's own patterns start after it.
    path("events/feed/", feeds.EventsFeed(), name="events_feed"),
]
