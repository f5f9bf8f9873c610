"""WCAG 2.1 AA basics that need no browser: colour contrast of the stylesheet's pairs, one h1,
a label for every control, unique ids, the skip link first, nothing inline (the CSP forbids it).
tests/browser/test_axe_finds_no_violations.py runs axe-core on the rendered pages as well."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from letters.ingest import ingest_letter

from ..letters.documents import SEED_LETTER

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text(encoding="utf-8")


def variables() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour(name: str) -> str:
    return variables()[name] if not name.startswith("#") else name


# (text, background) as the stylesheet uses them; names are :root variables or literal colours.
PAIRS = [
    ("ink", "paper"), ("ink", "band"), ("muted", "paper"), ("muted", "band"), ("link", "paper"), ("link", "band"),
    ("accent-ink", "accent"), ("accent-ink", "accent-dark"), ("ink", "focus"),
    ("#ffffff", "info"), ("#ffffff", "warn"), ("#ffffff", "#6b4f00"), ("#ffffff", "ok"), ("#ffffff", "bad"), ("#ffffff", "none"),
    ("#ffffff", "#185a2c"), ("#ffffff", "#871f24"),  # alternating vote-bar segments
    ("bad", "paper"), ("ok", "paper"), ("warn", "paper"), ("bad", "band"),
    ("ink", "mark"), ("ink", "mark-motion"), ("ink", "mark-commitment"), ("ink", "target"), ("#08406f", "mark-motion"), ("#08406f", "mark-commitment"),
    ("accent", "#e8eef5"), ("ink", "#fffaeb"), ("ink", "#eef3f8"), ("link", "#fffaeb"), ("ink", "#fdf6ea"),
]


@pytest.mark.parametrize("text,background", PAIRS)
def test_text_colours_have_at_least_4_5_to_1_contrast(text, background):
    for name in (text, background):  # the pairs follow the stylesheet
        assert name in variables() or name.lower() in CSS.lower(), name
    assert contrast(colour(text), colour(background)) >= 4.5, (text, background, round(contrast(colour(text), colour(background)), 2))


def test_the_focus_ring_is_visible_on_every_background():
    # A dark outline with a light halo: one of the two stands out on light and on dark backgrounds.
    assert re.search(r":focus-visible\s*{\s*outline: 3px solid var\(--ink\)", CSS)
    for background in ("paper", "band", "accent"):
        assert max(contrast(colour("ink"), colour(background)), contrast(colour("focus"), colour(background))) >= 3


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


@pytest.fixture
def pages(client, demo) -> dict[str, str]:
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie")
    urls = ["/", "/moties/", "/moties/?q=Taiwan&outcome=aangenomen", "/moties/35207-83/", f"/brieven/{letter.pk}/", "/brieven/", "/dossiers/35207/",
            "/leden/jm-paternotte/", "/fracties/d66/", "/ministeries/buitenlandse-zaken/", "/over/", "/bestaat-niet/"]
    return {url: client.get(url).content.decode() for url in urls}


def test_structure_labels_ids_and_no_inline_code(pages):
    for url, html in pages.items():
        page = Page()
        page.feed(html)
        assert re.search(r'<html lang="(nl|en)">', html), url
        assert len(page.all("h1")) == 1, url
        assert len(page.all("main")) == 1 and page.all("main")[0]["id"] == "main", url
        first_link = page.all("a")[0]
        assert first_link["href"] == "#main" and first_link["class"] == "skip-link", url
        ids = [a["id"] for _t, a in page.tags if "id" in a]
        assert len(ids) == len(set(ids)), (url, sorted({i for i in ids if ids.count(i) > 1}))
        labels = {a["for"] for a in page.all("label")}
        for control in page.all("input") + page.all("select") + page.all("textarea"):
            if control.get("type") in ("hidden", "submit"):
                continue
            assert control.get("id") in labels or control.get("aria-label"), (url, control)
        for button in page.all("button"):
            assert button.get("type") in ("submit", "button"), url
        assert "<script" not in html and not re.search(r"\sstyle=", html), url  # the CSP allows neither
        for nav in page.all("nav"):
            assert nav.get("aria-label") or nav.get("aria-labelledby"), url
        for img in page.all("img"):
            assert "alt" in img, url


def test_data_in_dutch_is_marked_as_dutch_in_the_english_interface(client, demo):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/moties/35207-83/").content.decode()
    assert '<h1 lang="nl">' in html and '<blockquote class="request" lang="nl">' in html
    assert '<div class="motion-text" lang="nl">' in html


ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / app / "templates" for app in ("web", "alerts", "letters", "motions") if (ROOT / app / "templates").is_dir()]
# Not web pages: e-mail bodies (mail clients need inline styles; no browser CSP applies to them)
# and the printable annex, whose one style block is allowed by its hash (tests/test_security.py).
NOT_UNDER_THE_POLICY = {"alerts/email", "motions/annex.html"}


def test_no_template_has_inline_script_style_or_event_handler():
    """The CSP forbids inline code, so no template may contain any, also on pages no test renders."""
    checked = 0
    for root, path in sorted((root, path) for root in TEMPLATE_DIRS for path in root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if any(name == skip or name.startswith(skip + "/") for skip in NOT_UNDER_THE_POLICY):
            continue
        source = path.read_text(encoding="utf-8")
        checked += 1
        assert not re.search(r"<script(?![^>]*\bsrc=)", source, re.I), f"{name}: inline <script>"
        assert not re.search(r"<style[\s>]", source, re.I), f"{name}: <style> block"
        assert not re.search(r"\sstyle\s*=", source, re.I), f"{name}: style= attribute"
        assert not re.search(r"\son[a-z]+\s*=", source, re.I), f"{name}: inline event handler"
        assert "javascript:" not in source.lower(), f"{name}: javascript: URL"
    assert checked > 30
