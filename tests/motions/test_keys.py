import pytest

from motions.keys import InvalidKey, PaperKey, format_key, parse_dossier_key, parse_key


@pytest.mark.parametrize(
    "text, expected",
    [
        ("35207-83", "35207-83"),
        ("kst-35207-83", "35207-83"),
        ("KST-35207-83", "35207-83"),
        ("35 207, nr. 83", "35207-83"),
        ("35207, nr. 95", "35207-95"),
        ("35207 nr. 83", "35207-83"),
        ("Kamerstuk 36 696, nr. 1", "36696-1"),
        ("36600-V-31", "36600-V-31"),
        ("36600-v-31", "36600-V-31"),
        ("Kamerstuk 36 600 V, nr. 31", "36600-V-31"),
        ("36600-V nr. 31", "36600-V-31"),
        ("36 600 XVII, nr. 12", "36600-XVII-12"),
        ("21501-20-2243", "21501-20-2243"),
        ("21 501-20, nr. 2243", "21501-20-2243"),
        ("kst-21501-20-2243", "21501-20-2243"),
        ("33328-AI", "33328-AI"),
        ("kst-33328-ai", "33328-AI"),
        ("36600-B-K", "36600-B-K"),
        ("  35207-083 ", "35207-83"),
        ("21501-02-3011", "21501-02-3011"),
        ("21 501-02, nr. 3011", "21501-02-3011"),
    ],
)
def test_it_parses_every_accepted_spelling(text, expected):
    assert str(parse_key(text)) == expected


@pytest.mark.parametrize("key", ["35207-83", "36600-V-31", "21501-20-2243", "33328-AI", "36600-B-K", "36600-XVII-4"])
def test_parse_and_format_round_trip(key):
    parsed = parse_key(key)
    assert format_key(parsed.dossier, parsed.toevoeging, parsed.number) == key
    assert parse_key(str(parsed)) == parsed
    assert parse_key(parsed.kst_id) == parsed


def test_it_splits_a_key_into_its_parts():
    assert parse_key("21 501-20, nr. 2243") == PaperKey(dossier="21501", toevoeging="20", number="2243")
    assert parse_key("36600-V-31").dossier_key == "36600-V"
    assert parse_key("35207-83").toevoeging == ""


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "35207", "abc", "35207-", "-83", "35207--83", "35207-83-1-2", "nr. 1", "35207-0", "0-83", "35207-83; DROP TABLE", "x" * 100, "35207-83/../1"],
)
def test_it_rejects_malformed_keys_with_a_clear_error(bad):
    with pytest.raises(InvalidKey) as info:
        parse_key(bad)
    assert str(info.value)  # a message for the user, not an empty exception


def test_the_error_names_the_expected_form():
    with pytest.raises(InvalidKey, match="expected e.g. 35207-83"):
        parse_key("hello")


def test_it_parses_dossier_keys():
    assert parse_dossier_key("36600-V") == ("36600", "V")
    assert parse_dossier_key("35 207") == ("35207", "")
    assert parse_dossier_key("21501-20") == ("21501", "20")
    with pytest.raises(InvalidKey):
        parse_dossier_key("dossier")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The minutes print a rijkswet's key with its R-number (h-tk-20162017-97-8: "23908-(R1519)-131").
        ("23908-(R1519)-131", "23908-(R1519)-131"),
        ("kst-32123-(r1987)-3", "32123-(R1987)-3"),
        ("32 123 (R1987), nr. 3", "32123-(R1987)-3"),
        # A number with a letter suffix keeps the letter, lower case.
        ("21800-VII-18e", "21800-VII-18e"),
        ("21 800 VII, nr. 18E", "21800-VII-18e"),
        ("33802-AB", "33802-AB"),
    ],
)
def test_it_reads_rijkswet_markers_and_number_suffixes(text: str, expected: str) -> None:
    key = parse_key(text)
    assert str(key) == expected
    assert parse_key(str(key)) == key
