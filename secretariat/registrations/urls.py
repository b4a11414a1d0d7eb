from django.urls import path

from . import views

app_name = "registrations"
urlpatterns = [
    path("meetings/<id:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<id:meeting_id>/accredit/", views.accredit, name="accredit"),
    path("meetings/<id:meeting_id>/apply/", views.apply, name="apply"),
    path("meetings/<id:meeting_id>/quotas/", views.set_quota, name="set_quota"),
    path("meetings/<id:meeting_id>/participants.csv", views.export, name="export"),
    path("meetings/<id:meeting_id>/check-in/", views.check_in, name="check_in"),
    path("<id:registration_id>/decision/", views.decide, name="decide"),
    path("<id:registration_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<id:registration_id>/check-in/", views.check_in_participant, name="check_in_participant"),
    path("mine/", views.mine, name="mine"),
    path("mine/calendar/", views.regenerate_feed, name="regenerate_feed"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
]
