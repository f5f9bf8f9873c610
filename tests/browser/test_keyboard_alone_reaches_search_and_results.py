"""With the keyboard alone: Tab from the top reaches the skip link, the search field and the results."""

import re

import pytest

pytestmark = pytest.mark.browser
MOTION_LINK = re.compile(r"^/moties/[^/?]+/$")


def focused(page) -> dict:
    return page.evaluate(
        """() => { const el = document.activeElement;
            return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href') || '',
                    cls: el.className || '', outline: getComputedStyle(el).outlineStyle}; }"""
    )


def tab_until(page, predicate, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"not reached in {limit} Tab presses; last: {element}")


def test_the_skip_link_comes_first_and_moves_to_the_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#main" and first["text"] == "Naar de inhoud"
    assert page.locator(".skip-link").is_visible()  # shown when focused
    assert first["outline"] == "solid"  # a visible focus indicator
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    # From the content, the next stop is the search field.
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "home-q"


def test_search_and_open_a_result_without_a_mouse(site, page):
    page.goto(site + "/")
    tab_until(page, lambda el: el["id"] == "home-q")
    page.keyboard.type("Taiwan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/moties/?q=Taiwan")
    result = tab_until(page, lambda el: el["tag"] == "A" and MOTION_LINK.match(el["href"]))
    assert result["outline"] == "solid"
    page.keyboard.press("Enter")
    page.wait_for_url("**/moties/*/")
    assert page.locator("h1").inner_text() == result["text"]


def test_the_results_come_before_the_long_list_of_filters(site, page):
    page.goto(site + "/moties/?q=Taiwan")
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        el = focused(page)
        if el["id"] == "q":
            order.append("search")
        elif "facet-link" in el["cls"]:
            order.append("facet")
            break
        elif el["tag"] == "A" and MOTION_LINK.match(el["href"]):
            order.append("result")
    assert order.index("search") < order.index("result") < order.index("facet")
