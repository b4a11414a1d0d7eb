"""The header and footer every page shares are rendered once per process and language, yet
each page still marks its own section and speaks its own language."""

import re

import pytest

NAV = re.compile(r'<nav class="site-nav bar".*?</nav>', re.S)


def _nav(client, url: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    match = NAV.search(response.content.decode())
    assert match is not None
    return match.group(0)


@pytest.mark.django_db
def test_each_section_marks_its_own_link_in_the_shared_navigation(client):
    meetings = _nav(client, "/en/meetings/")
    fora = _nav(client, "/en/registry/fora/")
    assert re.search(r'href="/en/meetings/" aria-current="page"', meetings)
    assert 'aria-current="page">Fora' not in meetings
    assert re.search(r'href="/en/registry/fora/" aria-current="page"', fora)
    assert 'href="/en/meetings/" aria-current' not in fora


@pytest.mark.django_db
def test_the_shared_header_follows_the_page_language(client):
    english = client.get("/en/meetings/").content.decode()
    korean = client.get("/ko/meetings/").content.decode()
    assert 'action="/i18n/setlang/"' in english and 'href="/en/registry/fora/"' in english
    assert 'href="/ko/registry/fora/"' in korean and 'href="/en/registry/fora/"' not in korean
    assert '<option value="ko" lang="ko" selected>' in korean
    assert '<option value="en" lang="en" selected>' in english
    assert 'href="/ko/accounts/login/?next=/ko/meetings/"' in korean
