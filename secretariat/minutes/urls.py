from django.urls import path

from . import views

app_name = "minutes"
urlpatterns = [
    path("meetings/<id:meeting_id>/", views.minutes, name="minutes"),
    path("meetings/<id:meeting_id>/start/", views.start, name="start"),
    path("<id:minutes_id>/edit/", views.edit, name="edit"),
    path("<id:minutes_id>/text/", views.save, name="save"),
    path("<id:minutes_id>/state/", views.transition, name="transition"),
    path("<id:minutes_id>/revisions/", views.revisions, name="revisions"),
    path("<id:minutes_id>/revisions/<id:number>/", views.revision, name="revision"),
    path("<id:minutes_id>/action-items/", views.add_action_item, name="add_action_item"),
    path("action-items/", views.action_items, name="action_items"),
    path("action-items/<id:item_id>/", views.update_action_item, name="update_action_item"),
]
