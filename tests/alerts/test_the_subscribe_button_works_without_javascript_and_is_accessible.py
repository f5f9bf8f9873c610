"""The subscribe button is a native disclosure with a plain form: no script, every control
labelled, radio groups in a fieldset with a legend, errors announced and tied to their field."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.legends = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "legend":
            self.legends += 1

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def render_button(kind: str, subject_id) -> str:
    request = RequestFactory().get("/moties/35207-83/")
    return render_to_string("alerts/subscribe_button.html", {"subject_kind": kind, "subject_id": subject_id}, request=request)


def test_the_button_is_a_disclosure_with_a_labelled_form(motion):
    html = render_button("motion", motion.pk)
    page = parse(html)
    assert "<script" not in html and " style=" not in html  # our CSP allows neither
    assert page.all("details") and page.all("summary")
    [form] = page.all("form")
    assert form["method"] == "post" and form["action"] == reverse("alerts-subscribe")
    hidden = {i["name"]: i.get("value") for i in page.all("input") if i.get("type") == "hidden"}
    assert hidden["subject_kind"] == "motion" and hidden["subject_id"] == str(motion.pk)
    assert hidden["next"] == "/moties/35207-83/" and "csrfmiddlewaretoken" in hidden
    labels = {label["for"] for label in page.all("label")}
    visible = [i for i in page.all("input") if i.get("type") != "hidden"]
    assert len(visible) == 5 and all(i["id"] in labels for i in visible)
    email = next(i for i in visible if i["name"] == "email")
    assert (email["type"], email["autocomplete"], "required" in email) == ("email", "email", True)
    assert len(page.all("fieldset")) == 2 and page.legends == 2
    assert [i["value"] for i in visible if i["type"] == "radio" and "checked" in i] == ["nl", "immediate"]
    assert page.all("button")[0]["type"] == "submit"
    assert "feeds" not in html and "/meldingen/feed/?subject_kind=motion" in html


def test_the_feed_link_leads_to_the_atom_feed(client, motion):
    response = client.get(reverse("alerts-feed"), {"subject_kind": "motion", "subject_id": motion.pk})
    assert response.status_code == 302 and response["Location"] == "/feeds/motions/35207-83.atom"
    search = client.get(reverse("alerts-feed"), {"subject_kind": "search", "subject_id": "q=china&status=open"})
    assert search["Location"] == "/feeds/search.atom?q=china"
    assert client.get(reverse("alerts-feed"), {"subject_kind": "party", "subject_id": 1}).status_code == 404
    assert "alerts-feed" not in render_button("party", 1) and "/meldingen/feed/" not in render_button("party", 1)


def test_a_search_button_carries_its_query_string(demo):
    html = render_button("search", "q=china&status=open")
    hidden = {i["name"]: i.get("value") for i in parse(html).all("input") if i.get("type") == "hidden"}
    assert hidden["subject_id"] == "q=china&status=open"
    assert "subject_id=q%3Dchina%26status%3Dopen" in html


def test_errors_are_announced_and_tied_to_the_field(client, motion):
    response = client.post(reverse("alerts-subscribe"), {"subject_kind": "motion", "subject_id": motion.pk, "email": "wrong", "language": "en", "frequency": "daily"})
    assert response.status_code == 400
    html = response.content.decode()
    page = parse(html)
    assert any(div.get("role") == "alert" for div in page.all("div"))
    email = next(i for i in page.all("input") if i.get("name") == "email")
    assert email["aria-invalid"] == "true" and email["value"] == "wrong"
    described = email["aria-describedby"]
    assert any(span.get("id") == described for span in page.all("span"))
    assert f'href="#{email["id"]}"' in html  # the summary links to the field
    checked = [i["value"] for i in page.all("input") if i.get("type") == "radio" and "checked" in i]
    assert checked == ["en", "daily"]  # what the visitor chose is kept
    assert "<script" not in html


def test_the_standalone_page_works_from_a_link(client, motion):
    response = client.get(reverse("alerts-subscribe"), {"subject_kind": "motion", "subject_id": motion.pk})
    assert response.status_code == 200
    hidden = {i["name"]: i.get("value") for i in parse(response.content.decode()).all("input") if i.get("type") == "hidden"}
    assert hidden["subject_id"] == str(motion.pk)
