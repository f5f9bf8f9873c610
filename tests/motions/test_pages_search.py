"""The motion list: full-text search with highlighted snippets, facets with counts, sort, and a URL
that holds the whole state (so a search can be shared, bookmarked and paged through)."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection

from letters.filters import MotionFilter
from motions.models import Motion


def keys(body: str) -> list[str]:
    return re.findall(r'<span class="key">([^<]+)</span>', body.split('<ol class="results-list"', 1)[-1].split("</ol>", 1)[0]) if '<ol class="results-list"' in body else []


def get(client, query: str = "") -> str:
    response = client.get("/moties/" + query)
    assert response.status_code == 200
    return response.content.decode()


def facet_links(body: str) -> list[tuple[str, str, int, bool]]:
    """(href, label, count, selected) of every facet value on the page; href is "" for a value
    that would find nothing (shown, but not a link)."""
    aside = body.split('<aside class="facets"', 1)[1]
    found = re.findall(r'<(?:a href="([^"]+)"|span) class="facet-link( selected| empty)?"[^>]*><span class="facet-label">([^<]*)</span> <span class="facet-count">(\d+)', aside)
    return [(html.unescape(href), html.unescape(label), int(n), sel == " selected") for href, sel, label, n in found]


def test_a_word_finds_its_motions_with_the_word_highlighted(client, demo):
    body = get(client, "?q=Taiwan")
    assert {"35207-83", "35207-94", "35207-87", "26150-227", "35207-98"} <= set(keys(body))
    assert "35207-92" not in keys(body)
    assert "<mark>Taiwan</mark>" in body
    assert '6 moties <span class="for-query">voor “Taiwan”</span>' in body
    assert 'value="Taiwan"' in body  # the box keeps the query


def test_sancties_finds_the_sanctions_motion_through_its_stem(client, demo):
    for q in ("sancties", "sanctie"):
        body = get(client, f"?q={q}")
        assert "35207-89" in keys(body), q
        assert re.search(r"<mark>sancties?</mark>", body, re.I)


def test_snippets_escape_the_motion_text(client, demo):
    motion = Motion.objects.get(kamerstuk__key="35207-83")
    motion.text = 'Taiwan <script>alert("x")</script> & meer'
    motion.save()
    body = get(client, "?q=Taiwan")
    assert "<script>alert" not in body
    # The SQLite snippet escapes the markup; PostgreSQL's ts_headline leaves tags out of the passage.
    assert "&lt;script&gt;" in body or connection.vendor == "postgresql"
    assert "<mark>Taiwan</mark>" in body


def total(body: str) -> int:
    return int(re.search(r'<h2 id="h-results" class="result-count">(\d+) motie', body).group(1))


def test_every_facet_count_is_the_number_of_results_its_link_gives(client, demo):
    """The counts are not decoration: following a facet link gives exactly that many motions — or,
    for status and outcome where several values may be chosen at once, that many more."""
    for start in ("", "?q=Taiwan", "?outcome=aangenomen&party=d66", "?status=open&has_response=false"):
        body = get(client, start)
        links = facet_links(body)
        assert len(links) > 15
        for href, label, count, selected in links:
            if selected or not href:
                assert selected or count == 0
                continue
            params = parse_qs(urlsplit(href).query)
            adds_to = [name for name in ("status", "outcome") if len(params.get(name, [])) > 1]
            expected = total(body) + count if adds_to else count
            assert total(get(client, href)) == expected, (start, label, href)


def test_facets_cover_status_outcome_party_member_dossier_ministry_year_answer_and_deadline(client, demo):
    body = get(client)
    headings = re.findall(r'<h3 id="facet-(\w+)">([^<]+)</h3>', body)
    assert [name for name, _ in headings] == ["status", "outcome", "has_response", "overdue", "party", "submitter", "ministry", "dossier", "vergaderjaar"]
    labels = {label: n for _href, label, n, _sel in facet_links(body)}
    assert labels["aangenomen"] == 11 and labels["vervallen"] == 1
    assert labels["D66"] == Motion.objects.filter(sponsorships__party__slug="d66").distinct().count()
    assert labels["J.M. Paternotte"] >= 10
    assert labels["35207 China"] == 10
    assert labels["Buitenlandse Zaken"] == 11 and labels["2024-2025"] == 12
    assert labels["met antwoord in een brief"] == 0 and labels["nog zonder antwoord"] == 12  # no letter yet
    assert labels["over de termijn"] == 11


def test_two_facets_narrow_like_the_api_filter_and_keep_each_others_counts(client, demo):
    body = get(client, "?outcome=aangenomen&party=groenlinks-pvda")
    expected = MotionFilter(data={"outcome": ["aangenomen"], "party": "groenlinks-pvda"}, queryset=Motion.objects.all()).qs
    assert sorted(keys(body)) == sorted(expected.values_list("kamerstuk__key", flat=True))
    # A chosen value stays listed as chosen, and the other values of its facet keep counts that
    # say what choosing them instead (or as well) would give.
    chosen = [(label, n) for _href, label, n, selected in facet_links(body) if selected]
    assert ("aangenomen", len(expected)) in chosen and any(label == "GroenLinks-PvdA" for label, _ in chosen)
    assert any(label == "vervallen" and n == 1 for _h, label, n, _s in facet_links(body))


def test_the_url_holds_the_state_and_every_link_keeps_it(client, demo):
    body = get(client, "?q=Taiwan&outcome=aangenomen&sort=deadline")
    # Sort links keep the words and facets.
    sort_links = re.findall(r'<nav class="sort".*?</nav>', body, re.S)[0]
    for href in re.findall(r'href="([^"]+)"', sort_links):
        params = parse_qs(urlsplit(html.unescape(href)).query)
        assert params["q"] == ["Taiwan"] and params["outcome"] == ["aangenomen"]
    # Facet links keep the words, the other facets and the sort, and go back to page 1.
    for href, label, _n, _sel in facet_links(body):
        if not href:
            continue
        params = parse_qs(urlsplit(href).query)
        assert params["q"] == ["Taiwan"] and params["sort"] == ["deadline"] and "page" not in params, label
    # A new search from the box keeps the chosen filters.
    form = re.search(r'<form class="search-form".*?</form>', body, re.S).group(0)
    assert '<input type="hidden" name="outcome" value="aangenomen">' in form
    assert '<input type="hidden" name="sort" value="deadline">' in form


def test_pages_keep_the_state(client, demo, settings, monkeypatch):
    monkeypatch.setattr("web.views.PAGE_SIZE", 3)
    body = get(client, "?q=Taiwan&outcome=aangenomen")
    pagination = re.search(r'<nav class="pagination".*?</nav>', body, re.S).group(0)
    nxt = html.unescape(re.search(r'rel="next" href="([^"]+)"', pagination).group(1))
    assert parse_qs(urlsplit(nxt).query) == {"q": ["Taiwan"], "outcome": ["aangenomen"], "page": ["2"]}
    first, second = keys(body), keys(get(client, nxt))
    assert len(first) == 3 and second and not set(first) & set(second)
    assert '<ol class="results-list" start="4">' in get(client, nxt)


def test_sort_by_date_relevance_and_deadline(client, demo):
    by_deadline = keys(get(client, "?sort=deadline"))
    deadlines = dict(Motion.objects.values_list("kamerstuk__key", "deadline"))
    dated = [deadlines[k] for k in by_deadline if deadlines[k]]
    assert dated == sorted(dated) and by_deadline[0] == "36600-V-31"
    assert by_deadline[-1] == "35207-88"  # no deadline: last
    by_date = keys(get(client, "?sort=date"))
    submitted = dict(Motion.objects.values_list("kamerstuk__key", "submitted_on"))
    assert [submitted[k] for k in by_date] == sorted((submitted[k] for k in by_date), reverse=True)
    # Relevance is offered (and the default) only with search words.
    assert "relevantie" not in re.search(r'<nav class="sort".*?</nav>', get(client), re.S).group(0)
    assert 'aria-current="true">relevantie' in get(client, "?q=Taiwan")


def test_wrong_parameters_are_reported_and_ignored_not_an_error(client, demo):
    body = get(client, "?status=bogus&vergaderjaar=2024&party=d66&overdue=maybe&page=99&sort=nonsense")
    assert "Een deel van de zoekopdracht is genegeerd" in body
    assert "<code>status</code>" in body and "<code>vergaderjaar</code>" in body and "<code>overdue</code>" in body
    assert sorted(keys(body)) == sorted(MotionFilter(data={"party": "d66"}, queryset=Motion.objects.all()).qs.values_list("kamerstuk__key", flat=True))


def test_nothing_found_says_so_and_how_to_widen(client, demo):
    body = get(client, "?q=onvindbaarwoord&outcome=aangenomen")
    assert "Geen moties gevonden." in body and "Haal een of meer filters weg." in body and "Probeer minder of andere woorden." in body


def test_the_follow_button_saves_the_search_without_sort_or_page(client, demo):
    body = get(client, "?q=Taiwan&outcome=aangenomen&sort=deadline&page=1")
    assert '<input type="hidden" name="subject_kind" value="search">' in body
    subject = html.unescape(re.search(r'<input type="hidden" name="subject_id" value="([^"]*)">', body).group(1))
    assert parse_qs(subject) == {"q": ["Taiwan"], "outcome": ["aangenomen"]}
    assert 'name="subject_kind" value="search"' not in get(client)  # nothing to follow without a search


def test_cached_counts_follow_the_data(client, demo, staff_user):
    from motions.models import Status
    from motions.services import record_status

    cache.clear()
    before = {label: n for _h, label, n, _s in facet_links(get(client))}
    record_status(Motion.objects.get(kamerstuk__key="35207-83"), to=Status.IN_UITVOERING, by=staff_user, reason="Gestart")
    after = {label: n for _h, label, n, _s in facet_links(get(client))}
    assert after["in uitvoering"] == before.get("in uitvoering", 0) + 1 and after["open"] == before["open"] - 1


@pytest.mark.postgres
def test_postgres_ranks_and_highlights_with_the_dutch_configuration(client, demo):
    body = get(client, "?q=Taiwan")
    found = keys(body)
    assert len(found) == 6 and 'aria-current="true">relevantie' in body
    titles = dict(Motion.objects.values_list("kamerstuk__key", "title"))
    assert "Taiwan" in titles[found[0]]  # the title weighs more than the text
    assert "<mark>Taiwan</mark>" in body
    assert re.search(r"<mark>sancties?</mark>", get(client, "?q=sanctie"))
