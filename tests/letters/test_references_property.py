"""Properties of the citation parser over generated text (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

import re

from letters.reading.citations import _DIGIT_VIEW, _FIND_DOSSIER, Reference, _scan, context_hint, extract_references

SETTINGS = settings(max_examples=200, deadline=None)

# Pieces of the grammar, so that generated text gets near citations far more often than random text.
TOKENS = [
    "Kamerstuk", "Kamerstukken", "kamerstuk", " II", " I", " V", "-V", "XVII", "nr.", "nrs.", "nr", "nummer",
    " ", " ", ", ", ",", "\u00a0", "\n", "-", "–", "/", "(", ")", ".", "t/m", " en ", "&", "c.s.", "35 207",
    "35207", "21 501-20", "36 600", "12345", "2243", "83", "7", "0", "2023/24", "2021-2022", "vergaderjaar",
    "motie", "moties", "motie-", "amendement", "van het lid ", "van de leden ", "Van der ", "Boswijk", "Lee",
    "Handelingen", "Aanhangsel", "Hand.", "item", "Stcrt.", "Staatscourant", "kst-", "h-tk-", "ah-tk-",
    "stcrt-", "20232024", "t.v.v.", "AI", "K", "[footnoteRef:12]", "[12:  ", "]", "december", "toezegging",
    "aan het Lid ", "ë", "\u202f", "2024Z12345", "2017D09721", "krijgt nr. ", "stuk nr. ", "(R1987)", "-(R1601)-",
    "KAMERSTUK", "NR.", "p. 12; nr. 9", "was nr. ", "18e", "Th.C. ", "Inge ", "van van ", "; ", ": ", "ő", "\u2009",
]
grammar_soup = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=80).map("".join)
anything = st.text(max_size=2000) | grammar_soup | st.binary(max_size=200).map(lambda b: b.decode("latin-1"))


def assert_well_formed(text: str, refs: list[Reference]) -> None:
    for r in refs:
        assert 0 <= r.start < r.end <= len(text)
        assert r.kind in {"kamerstuk", "motie", "amendement", "handelingen", "aanhangsel", "staatscourant", "zaak", "document"}
        if r.key is not None:
            assert r.dossier and r.dossier.isdigit()
    starts = [r.start for r in refs]
    assert starts == sorted(starts)
    assert len({(r.start, r.end, r.key, r.number) for r in refs}) == len(refs)


@SETTINGS
@given(anything)
def test_any_text_gives_well_formed_references(text: str) -> None:
    refs = _scan(text, strict=True)  # strict: a bug raises here instead of being skipped
    assert_well_formed(text, refs)
    assert extract_references(text) == refs


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["nr.", "nrs.", " ", ", ", "1", "12 345", "9" * 12, " en ", "t/m", "35 207"]),
        max_size=400,
    ).map("".join),
    st.integers(min_value=0, max_value=5000),
)
def test_digit_runs_and_repeated_nr_tokens_do_not_break_it(text: str, digits: int) -> None:
    text = text + "9" * digits + " nr. " * (digits // 50)
    refs = _scan(text, strict=True)
    assert_well_formed(text, refs)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(TOKENS), st.integers(min_value=1, max_value=20_000)), min_size=1, max_size=4))
def test_long_runs_of_grammar_tokens_return(runs: list[tuple[str, int]]) -> None:
    # Backtracking that is quadratic in a run's length would hang here rather than fail.
    text = "".join(token * min(count, 100_000 // len(token)) for token, count in runs)
    assert_well_formed(text, _scan(text, strict=True))
    context_hint(text)


@SETTINGS
@given(st.text(max_size=600) | grammar_soup)
def test_context_hint_never_raises_and_stays_in_the_text(text: str) -> None:
    hint = context_hint(text)
    if hint is not None:
        assert 0 <= hint.start < hint.end <= len(text)
        assert hint.kind in {"motie", "toezegging"}


# --- a citation inserted into text without digits is always found -------------------------------------

no_digits = st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")), max_size=120)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "A", "B", "C", "F"]
NAMES = ["Boswijk", "Paternotte", "Van der Lee", "Van Baarle", "De Roon", "Kahraman", "Yesilgöz-Zegerius"]


@dataclass(frozen=True)
class Rendered:
    before: str  # words that introduce the designation ("motie Boswijk (")
    designation: str  # what the span must cover
    after: str  # words after it (") van het lid X")
    key: str
    kind: str | None  # asserted only when the citation itself says it


@st.composite
def citations(draw: st.DrawFn) -> Rendered:
    dossier = draw(st.integers(min_value=10000, max_value=99999))
    d = str(dossier)
    d_text = draw(st.sampled_from([d, f"{d[:2]} {d[2:]}", f"{d[:2]}\u00a0{d[2:]}"]))
    toevoeging = draw(st.none() | st.sampled_from(ROMAN) | st.integers(min_value=1, max_value=99).map(str))
    letters = draw(st.booleans())
    number = (
        draw(st.sampled_from(["A", "B", "K", "AI", "AB", "Q"]))
        if letters
        else str(draw(st.integers(min_value=1, max_value=99999)))
    )
    key = f"{d}-{toevoeging}-{number}" if toevoeging else f"{d}-{number}"
    if toevoeging is None:
        tv_text = ""
    elif toevoeging.isdigit():
        tv_text = f"-{toevoeging}"
    else:
        tv_text = draw(st.sampled_from([f" {toevoeging}", f"-{toevoeging}"]))
    session = draw(st.sampled_from(["2023/24", "2021-2022", "2019–2020", "1999/00"]))
    name = draw(st.sampled_from(NAMES))
    paper = f"{d_text}{tv_text}, nr. {number}"

    forms = [
        Rendered("", f"Kamerstuk {paper}", "", key, None),
        Rendered("", paper, "", key, None),
        Rendered("", f"{d_text}{tv_text} nr. {number}", "", key, None),
        Rendered("", f"Kamerstukken II {session}, {paper}", "", key, None),
        Rendered("", f"Kamerstukken II, vergaderjaar {session}, {paper}", "", key, None),
        Rendered("motie ", paper, f" van het lid {name} c.s.", key, "motie"),
        Rendered(f"motie {name} (", f"Kamerstuk {paper}", ")", key, "motie"),
        Rendered(f"de motie van het lid {name} c.s. (", f"Kamerstuk {paper}", ")", key, "motie"),
        Rendered("het amendement (", f"Kamerstuk {paper}", ")", key, "amendement"),
    ]
    if letters:
        forms.append(Rendered("", f"Kamerstukken I {session}, {d_text}{tv_text}, {number}", "", key, None))
    elif not toevoeging or not toevoeging.isalpha():
        # Hyphenated keys: a roman toevoeging alone after the dossier would name the dossier itself.
        hyphen_key = f"{d}-{toevoeging}-{number}" if toevoeging else f"{d}-{number}"
        forms += [
            Rendered("(", f"Kamerstuk {hyphen_key}", ")", key, None),
            Rendered("", f"kst-{hyphen_key}", "", key, None),
            Rendered("motie ", hyphen_key, "", key, "motie"),
            Rendered("de motie ", f"op stuk nr. {number} ({d_text}{tv_text})", "", key, "motie"),
        ]
    else:
        forms.append(Rendered("", f"kst-{d}-{toevoeging}-{number}", "", key, None))
    return draw(st.sampled_from(forms))


@SETTINGS
@given(no_digits, citations(), no_digits)
def test_an_inserted_citation_is_found_with_its_key_and_span(prefix: str, cited: Rendered, suffix: str) -> None:
    text = f"{prefix} {cited.before}{cited.designation}{cited.after} {suffix}"
    start = len(prefix) + 1 + len(cited.before)
    end = start + len(cited.designation)
    refs = _scan(text, strict=True)
    assert_well_formed(text, refs)
    matching = [r for r in refs if r.key == cited.key]
    assert matching, (text, [r.key for r in refs])
    found = matching[0]
    # The span covers the designation; words before it may extend it ("Kamerstukken II" in the
    # prefix), nothing after it may.
    assert found.start <= start and found.end == end, (text, text[found.start : found.end])
    if cited.kind is not None:
        assert found.kind == cited.kind


@SETTINGS
@given(
    no_digits,
    st.sampled_from(["I", "II"]),
    st.integers(min_value=1815, max_value=2098),
    st.integers(min_value=1, max_value=300),
    st.none() | st.integers(min_value=1, max_value=60),
    no_digits,
)
def test_an_inserted_handelingen_citation_is_found(
    prefix: str, chamber: str, year: int, number: int, item: int | None, suffix: str
) -> None:
    cited = f"Handelingen {chamber} {year}/{(year + 1) % 100:02d}, nr. {number}"
    if item is not None:
        cited += f", item {item}"
    text = f"{prefix} {cited} {suffix}"
    refs = _scan(text, strict=True)
    found = [r for r in refs if r.kind in ("handelingen", "aanhangsel")]
    assert found, text
    assert (found[0].chamber, found[0].session, found[0].number, found[0].item) == (
        chamber,
        f"{year}-{year + 1}",
        str(number),
        None if item is None else str(item),
    )
    assert found[0].end == len(prefix) + 1 + len(cited)


# The digit pass in the plain form it replaces: every place this finds, the byte view must find too.
_PLAIN_DIGIT_PASS = re.compile(r"[0-9](?<![\w.,/\-][0-9])[0-9](?:[ \u00a0\u2009\u202f.]?[0-9]{3}(?![0-9])|[0-9]{2}[ZD][0-9]{5}(?!\w))")


@SETTINGS
@given(anything)
def test_the_byte_view_proposes_every_place_the_plain_digit_pass_finds(text: str) -> None:
    view = text.encode("latin-1", "replace").translate(_DIGIT_VIEW)
    assert len(view) == len(text)
    proposed = {m.start() for m in _FIND_DOSSIER.finditer(view)}
    assert {m.start() for m in _PLAIN_DIGIT_PASS.finditer(text)} <= proposed
