from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/<id:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
