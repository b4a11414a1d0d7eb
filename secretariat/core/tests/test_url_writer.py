"""A URL writer gives what ``reverse`` gives, for ids and slugs, in any language."""

from django.urls import reverse
from django.utils import translation

from secretariat.core.url_writer import SLUG_SENTINEL, url_writer


def test_a_url_writer_gives_what_reverse_gives_for_ids_and_slugs():
    for language in ("en", "ko"):
        with translation.override(language):
            by_id = url_writer("projects:detail")
            by_slug = url_writer("registry:forum", SLUG_SENTINEL)
            for pk in (1, 42, 987654320):
                assert by_id(pk) == reverse("projects:detail", args=[pk])
            for slug in ("daib", "telwg-2"):
                assert by_slug(slug) == reverse("registry:forum", args=[slug])


def test_a_url_writer_escapes_what_it_writes_into_an_attribute():
    assert url_writer("registry:forum", SLUG_SENTINEL)('a"b') == reverse(
        "registry:forum", args=["SENTINEL"]
    ).replace("SENTINEL", "a&quot;b")


def test_a_route_kept_once_follows_the_language_the_script_prefix_and_the_urlconf(settings):
    from django.urls import get_script_prefix, set_script_prefix

    from secretariat.core.url_writer import fixed_url

    for language in ("en", "ko", "en"):
        with translation.override(language):
            assert fixed_url("projects:list") == reverse("projects:list")
            assert url_writer("projects:detail")(7) == reverse("projects:detail", args=[7])
    prefix = get_script_prefix()
    set_script_prefix("/mounted/")
    try:
        assert fixed_url("projects:list") == reverse("projects:list")
        assert fixed_url("projects:list").startswith("/mounted/")
    finally:
        set_script_prefix(prefix)
    settings.ROOT_URLCONF = "secretariat.core.tests.urls_elsewhere"
    assert url_writer("elsewhere")(3) == "/elsewhere/3/" == reverse("elsewhere", args=[3])
