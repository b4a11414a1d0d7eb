"""A URLconf of one route, for ``test_url_writer``: a changed URLconf is followed."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/<int:pk>/", lambda request, pk: HttpResponse(), name="elsewhere")]
