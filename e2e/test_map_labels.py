"""The consensus map at a desktop width (1280 px) and on a phone (390 px), in English and
Korean: axe finds nothing serious, and no state pill or position label wraps (Korean used to
break one syllable per line). The short labels carry the full wording for screen readers, and
the legend spells them out."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from e2e.signin import sign_in
from e2e.test_accessibility import _assert_accessible, _visit

pytestmark = pytest.mark.e2e

MAP = "/{language}/negotiation/2027-work-programme/map/"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

# Each pill or label of the map whose text takes more than one line, by its text.
WRAPPED = """() => Array.from(document.querySelectorAll(
    '#map .badge.short, #map td.cell > span[aria-hidden="true"], #map .tag, .legend .badge'
  )).filter((element) => {
    const style = getComputedStyle(element);
    const line = parseFloat(style.lineHeight);
    const box = element.getBoundingClientRect();
    const inner = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    return element.getClientRects().length > 1 || inner > line * 1.5
      || element.scrollWidth > element.clientWidth + 1;
  }).map((element) => element.textContent.trim())"""


def test_map_pills_fit_on_one_line_and_pass_axe_in_english_and_korean(demo, page, subtests):
    axe = Axe()
    sign_in(page, "kr-head")
    for language, short_ad_ref in (("en", "ad ref"), ("ko", "조건부")):
        for name, (width, height) in WIDTHS.items():
            with subtests.test(language=language, width=name):
                page.set_viewport_size({"width": width, "height": height})
                _visit(page, MAP.format(language=language))
                pills = page.locator("#map .badge.short")
                assert pills.count() >= 6  # one per paragraph of the 2027 text
                assert page.locator("#map .tag", has_text=short_ad_ref).count() >= 1
                # The full wording is there for assistive technology.
                assert page.locator("#map .visually-hidden").count() >= pills.count()
                assert page.evaluate(WRAPPED) == []
                # The map scrolls inside its region; the page itself never pans sideways.
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                    "the page is wider than the screen"
                )
                _assert_accessible(page, axe)
