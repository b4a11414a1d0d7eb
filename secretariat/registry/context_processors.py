from .permissions import principal_for


def principal(request):  # type: ignore[no-untyped-def]
    """``principal`` in templates, so pages offer only what the viewer may open."""
    return {"principal": principal_for(getattr(request, "user", None))}
