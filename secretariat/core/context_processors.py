from django.conf import settings


def site(request):  # type: ignore[no-untyped-def]
    return {"SITE_NAME": settings.SITE_NAME, "BODY_NAME": settings.BODY_NAME}
