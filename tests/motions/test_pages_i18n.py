"""Dutch by default, English on request: every interface string is translated, the compiled
catalogues are committed and match their sources, dates follow the language."""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"


def parse_po(path: Path) -> list[dict]:
    """A small .po reader (no gettext tools needed): msgid, msgid_plural, msgstr(s) and flags."""
    entries, entry, field = [], None, None

    def unquote(text: str) -> str:
        return bytes(text.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "msgid": "", "plural": None}
        if line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            field, entry["plural"] = "plural", unquote(line[13:])
        elif line.startswith("msgid "):
            field, entry["msgid"] = "msgid", unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            field = ("msgstr", index)
            entry["msgstr"][index] = unquote(line[line.index("]") + 2 :])
        elif line.startswith("msgstr "):
            field = ("msgstr", 0)
            entry["msgstr"][0] = unquote(line[7:])
        elif line.startswith('"'):
            if field == "msgid":
                entry["msgid"] += unquote(line)
            elif field == "plural":
                entry["plural"] += unquote(line)
            else:
                entry["msgstr"][field[1]] += unquote(line)
    return [e for e in entries if e["msgid"]]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_compiled_catalogue_is_committed_and_matches_its_source(language):
    po, mo = LOCALE / language / "LC_MESSAGES" / "django.po", LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert po.exists() and mo.exists()
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in parse_po(po):
        if "fuzzy" in entry["flags"]:
            continue
        if entry["plural"] is None:
            assert catalogue.gettext(entry["msgid"]) == (entry["msgstr"][0] or entry["msgid"]), entry["msgid"]
        else:
            assert catalogue.ngettext(entry["msgid"], entry["plural"], 1) == (entry["msgstr"][0] or entry["msgid"]), entry["msgid"]
            assert catalogue.ngettext(entry["msgid"], entry["plural"], 5) == (entry["msgstr"].get(1) or entry["plural"]), entry["msgid"]


def test_every_string_has_an_english_translation():
    entries = parse_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 600
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []
    for e in entries:  # placeholders survive translation
        allowed = placeholders(e["msgid"]) | placeholders(e["plural"] or "")
        assert all(placeholders(text) <= allowed for text in e["msgstr"].values()), e["msgid"]
        if e["plural"] is None:
            assert placeholders(e["msgstr"][0]) == allowed, e["msgid"]


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|%[sd]", text))


def visible_interface_text(html: str) -> str:
    """The page's own words: without the motions' and letters' Dutch content (marked lang="nl")."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    for tag in ("h1", "a", "span", "blockquote", "div", "p", "li", "small", "dd"):
        html = re.sub(rf'<{tag}\b[^>]*\blang="nl"[^>]*>.*?</{tag}>', " ", html, flags=re.S)
    html = re.sub(r'<button[^>]*lang="nl"[^>]*>.*?</button>', " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


DUTCH_INTERFACE_WORDS = [
    "Zoeken", "Moties", "Uitvoering", "Uitslag", "Termijn", "Indieners", "Tijdlijn", "Stemming", "Brieven",
    "antwoord", "Naar de inhoud", "Volgende", "zetels", "Kamerlid", "Fractie", "geen", "niet gevolgd",
]
PAGES = ["/", "/moties/?q=Taiwan&outcome=aangenomen", "/moties/35207-83/", "/brieven/", "/dossiers/35207/", "/leden/jm-paternotte/", "/ministeries/buitenlandse-zaken/", "/over/"]


@pytest.mark.parametrize("url", PAGES)
def test_the_english_interface_has_no_dutch_left(client, demo, url):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get(url).content.decode()
    assert '<html lang="en">' in body
    words = visible_interface_text(body)
    left = [w for w in DUTCH_INTERFACE_WORDS if re.search(rf"\b{w}\b", words)]
    assert left == [], (url, left)


def test_switching_language_posts_to_set_language_and_comes_back_to_the_page(client, demo):
    body = client.get("/moties/35207-83/").content.decode()
    assert '<html lang="nl">' in body and "Tijdlijn" in body
    form = re.search(r'<form class="lang" action="([^"]+)" method="post">(.*?)</form>', body, re.S)
    assert form.group(1) == "/i18n/setlang/" and 'name="next" type="hidden" value="/moties/35207-83/"' in form.group(2)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/moties/35207-83/"})
    assert response.status_code == 302 and response["Location"] == "/moties/35207-83/"
    english = client.get("/moties/35207-83/").content.decode()
    assert "Timeline" in english and "What did the government answer?" in english
    assert '<button type="submit" name="language" value="nl" lang="nl">Nederlands</button>' in english
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Tijdlijn" in client.get("/moties/35207-83/").content.decode()


def test_dates_follow_the_language(client, demo):
    assert "15 april 2025" in client.get("/moties/35207-83/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "15 April 2025" in client.get("/moties/35207-83/").content.decode()


def test_a_browser_asking_for_english_gets_english_and_dutch_is_the_default(client, demo):
    assert '<html lang="nl">' in client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
