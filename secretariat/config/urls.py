from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter
from django.views.generic import RedirectView

from secretariat.core import health, metrics
from secretariat.core.converters import IdConverter
from secretariat.portal.sitemaps import SITEMAPS

from .api import api

admin.site.site_header = "Secretariat administration"
# The admin signs in through allauth too: its password-only form would skip the second
# factor and the sign-in rate limits.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
register_converter(IdConverter, "id")  # row ids in page URLs, see core/converters.py

handler400 = "secretariat.core.request_size.bad_request"
handler500 = "secretariat.core.unavailable.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", include("secretariat.portal.urls")),
    path("registry/", include("secretariat.registry.urls")),
    path("meetings/", include("secretariat.meetings.urls")),
    path("negotiation/", include("secretariat.negotiation.urls")),
    path("registrations/", include("secretariat.registrations.urls")),
    path("minutes/", include("secretariat.minutes.urls")),
    path("events/", include("secretariat.events.urls")),
    path("notifications/", include("secretariat.notifications.urls")),
    path("news/", include("secretariat.news.urls")),
    path("commitments/", include("secretariat.commitments.urls")),
    path("outcomes/", include("secretariat.outcomes.urls")),
    path("liaisons/", include("secretariat.liaisons.urls")),
    path("projects/", include("secretariat.projects.urls")),
    path("precedents/", include("secretariat.precedents.urls")),
    path("search/", include("secretariat.search.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("secretariat.accounts.urls")),
    path("", include("secretariat.comments.urls")),
    prefix_default_language=True,
)

urlpatterns += [path("favicon.ico", RedirectView.as_view(url="/static/secretariat/favicon.svg"))]
