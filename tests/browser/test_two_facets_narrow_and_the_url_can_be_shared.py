"""Narrow the list with two facets; the address holds the whole state, so it can be shared."""

import re

import pytest

from motions.models import Motion

from .conftest import result_keys

pytestmark = pytest.mark.browser


def facet(page, heading: str, value: str):
    return page.locator("section.facet", has=page.get_by_role("heading", name=heading, exact=True)).locator("a.facet-link", has_text=value)


def test_two_facets_narrow_the_list_and_the_url_reproduces_it(site, page, context):
    page.goto(site + "/moties/?q=Taiwan")
    everything = result_keys(page)
    shown = facet(page, "Kamerlid", "T.M.T. van der Lee").locator(".facet-count").inner_text()
    facet(page, "Kamerlid", "T.M.T. van der Lee").click()
    page.wait_for_url(re.compile(r"submitter="))
    after_one = result_keys(page)
    assert len(after_one) == int(re.match(r"\d+", shown).group()) < len(everything)

    facet(page, "Uitslag", "aangenomen").click()
    page.wait_for_url(re.compile(r"outcome=aangenomen"))
    narrowed = result_keys(page)
    adopted = set(Motion.objects.filter(kamerstuk__key__in=after_one, outcome="aangenomen").values_list("kamerstuk__key", flat=True))
    assert set(narrowed) == adopted and "35207-98" in narrowed
    assert "35207-88" in after_one and "35207-88" not in narrowed  # lapsed, not adopted
    chips = page.locator(".chosen .chip").all_inner_texts()
    assert any("aangenomen" in c for c in chips) and any("van der Lee" in c for c in chips)

    shared = page.url
    assert "q=Taiwan" in shared and "outcome=aangenomen" in shared and "submitter=tmt-van-der-lee" in shared
    other = context.browser.new_context(locale="nl-NL")  # someone else, no cookies, no history
    try:
        fresh = other.new_page()
        fresh.goto(shared)
        assert result_keys(fresh) == narrowed
        assert fresh.get_by_label("Zoeken in moties").input_value() == "Taiwan"
        assert fresh.locator(".chosen .chip").all_inner_texts() == chips
    finally:
        other.close()

    # Removing a filter is one click on its chip, and keeps the other.
    page.locator(".chosen .chip", has_text="aangenomen").click()
    page.wait_for_url(lambda url: "outcome=" not in url)
    assert set(result_keys(page)) == set(after_one)
