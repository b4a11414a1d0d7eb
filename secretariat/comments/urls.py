"""Included at the root of the language prefix: the comments pages under ``comments/`` and
the reader's own data under ``me/comments/`` (beside the account page)."""

from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("comments/moderation/", views.moderation, name="moderation"),
    path("comments/<id:comment_id>/react/", views.react, name="react"),
    path("comments/<id:comment_id>/report/", views.report, name="report"),
    path("comments/<id:comment_id>/delete/", views.delete, name="delete"),
    path("comments/<id:comment_id>/hide/", views.hide, name="hide"),
    path("comments/<id:comment_id>/restore/", views.restore, name="restore"),
    path("comments/<slug:kind>/<id:target_id>/", views.comments, name="post"),
    path("comments/<slug:kind>/<id:target_id>/settings/", views.target_settings, name="settings"),
    path("me/comments/", views.my_data, name="my_data"),
    path("me/comments/export.json", views.export, name="export"),
    path("me/comments/delete/", views.erase, name="erase"),
]
