"""Property tests: the key parser and letter ingestion never fail in an unplanned way."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motions.keys import InvalidKey, format_key, parse_dossier_key, parse_key

ROMAN = st.sampled_from(["V", "VI", "VII", "XVII", "A", "B", "IXB"])
SUB = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}" if n < 10 and n % 2 else str(n))
NUMBER = st.one_of(st.integers(min_value=1, max_value=99999).map(str), st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2))


@given(st.text(max_size=120))
@settings(max_examples=400, deadline=None)
def test_the_key_parser_accepts_or_refuses_with_its_own_error(text):
    try:
        key = parse_key(text)
    except InvalidKey as exc:
        assert str(exc)
    else:
        assert parse_key(str(key)) == key  # whatever it accepts, it can read back


@given(st.integers(min_value=1, max_value=999999), st.one_of(st.none(), ROMAN, SUB), NUMBER)
@settings(max_examples=400, deadline=None)
def test_format_then_parse_is_the_identity(dossier, toevoeging, number):
    key = format_key(dossier, toevoeging, number)
    parsed = parse_key(key)
    assert str(parsed) == key
    assert parse_key(f"kst-{key}") == parsed
    spaced = f"{dossier:,}".replace(",", " ")
    if toevoeging and not toevoeging.isdigit():
        assert parse_key(f"Kamerstuk {spaced} {toevoeging}, nr. {number}") == parsed


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_the_dossier_parser_never_fails_otherwise(text):
    try:
        parse_dossier_key(text)
    except InvalidKey:
        pass


DOC_PARTS = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["Kamerstuk 35 207, nr. 83", "motie 36 600 V, nr. 31 van het lid Boswijk", "[footnoteRef:3]", "[3:  Kamerstuk 21 501-20, nr. 2243]", "\n\n", "De minister van Buitenlandse Zaken,\n\nD.M. van Weel", "nrs. 12 t/m 15", "[bookmark: x]"]),
    ),
    max_size=25,
)


@pytest.mark.django_db
@given(parts=DOC_PARTS, raw=st.binary(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_ingesting_random_documents_gives_a_letter_or_one_clear_error(parts, raw, tmp_path_factory):
    from letters.ingest import LetterError, ingest_letter
    from letters.models import Citation, Letter

    for content in ("".join(parts).encode("utf-8"), raw):
        path = tmp_path_factory.mktemp("fuzz") / "brief.txt"
        path.write_bytes(content)
        before = (Letter.objects.count(), Citation.objects.count())
        try:
            letter = ingest_letter(path)
        except LetterError as exc:
            assert str(exc) and "\n" not in str(exc)
            assert (Letter.objects.count(), Citation.objects.count()) == before  # nothing partial
        else:
            assert letter.state == "done"
            for c in letter.citations.all():
                assert 0 <= c.start < c.end <= len(letter.text) and letter.text[c.start:c.end] == c.raw
