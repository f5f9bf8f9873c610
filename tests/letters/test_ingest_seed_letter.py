"""Ingesting the seed letter links exactly what its .expected.json lists — as .txt and as .docx."""

import json

import pytest

from letters.ingest import ingest_letter
from letters.models import Citation, Letter
from motions.models import Commitment, Kamerstuk, Motion

from .documents import SEED_LETTER, seed_letter_as_docx

EXPECTED = json.loads((SEED_LETTER.parent / "seed-letter-china-strategie.expected.json").read_text(encoding="utf-8"))


def ingest(tmp_path, fmt: str) -> Letter:
    if fmt == "txt":
        return ingest_letter(SEED_LETTER)
    path = tmp_path / "seed-letter.docx"
    path.write_bytes(seed_letter_as_docx())
    return ingest_letter(path)


def check_against_expected(letter: Letter, *, registry_knows_2243: bool) -> None:
    citations = list(letter.citations.select_related("kamerstuk", "commitment"))
    motions = {c.key: c for c in citations if c.target == "motion"}
    expected_motions = {m["key"]: m for m in EXPECTED["motions"]}
    ambiguous = EXPECTED["ambiguous"][0]
    if registry_knows_2243:
        assert set(motions) == set(expected_motions)
    else:
        assert set(motions) == set(expected_motions) | {ambiguous["key"]}
    for key, expected in expected_motions.items():
        citation = motions[key]
        assert citation.submitters == expected["submitters"], key
        assert expected["excerpt_contains"] in citation.excerpt, (key, citation.excerpt)
        assert citation.review == "suggested"
        assert Motion.objects.filter(kamerstuk__key=key).exists()

    commitments = [c for c in citations if c.target == "commitment"]
    assert len(commitments) == 1
    [commitment] = commitments
    expected_commitment = EXPECTED["commitments"][0]
    assert commitment.key == expected_commitment["cited_paper"]
    assert commitment.submitters == [expected_commitment["made_to"]]
    assert expected_commitment["excerpt_contains"] in commitment.excerpt
    assert commitment.commitment is not None and commitment.commitment.kamerstuk.key == "32852-333"

    papers = {c.key for c in citations if c.target == "paper"}
    assert set(EXPECTED["other_papers"]) <= papers
    assert papers - set(EXPECTED["other_papers"]) == ({ambiguous["key"]} if registry_knows_2243 else set())
    for c in citations:
        for not_ref in EXPECTED["not_references"]:
            assert not_ref not in c.raw

    # The ambiguous one: the text calls it a motion by Boswijk.
    [boswijk] = [c for c in citations if c.key == ambiguous["key"]]
    assert boswijk.kind == "motie" and boswijk.submitters == ["Boswijk"]
    assert ambiguous["excerpt_contains"] in boswijk.excerpt
    if registry_knows_2243:
        assert boswijk.target == "paper" and boswijk.review == ""
        assert not Motion.objects.filter(kamerstuk__key=ambiguous["key"]).exists()
    else:
        assert boswijk.target == "motion" and boswijk.review == "suggested"

    assert letter.sender_function == EXPECTED["sender"]["function"]
    assert letter.sender_name == EXPECTED["sender"]["name"]
    assert letter.ministry is not None and letter.ministry.name == "Buitenlandse Zaken"


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_the_seed_letter_links_what_it_must_on_an_empty_database(db, tmp_path, fmt):
    from motions.demo import ensure_ministries

    ensure_ministries()
    letter = ingest(tmp_path, fmt)
    check_against_expected(letter, registry_knows_2243=False)
    # Unknown papers became placeholders, to be filled in by the sync.
    assert Kamerstuk.objects.get(key="35207-83").is_placeholder
    assert Motion.objects.get(kamerstuk__key="36600-V-31").outcome == ""


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_the_seed_letter_links_what_it_must_with_the_registry_loaded(demo, tmp_path, fmt):
    papers_before = set(Kamerstuk.objects.values_list("key", flat=True))
    letter = ingest(tmp_path, fmt)
    check_against_expected(letter, registry_knows_2243=True)
    # Known papers are linked, not duplicated; the placeholder motion for a government letter is never made.
    assert not Kamerstuk.objects.get(key="35207-83").is_placeholder
    assert set(Kamerstuk.objects.values_list("key", flat=True)) == papers_before
    assert Commitment.objects.filter(kamerstuk__key="32852-333").count() == 1


def test_the_txt_and_docx_give_the_same_citations(db, tmp_path):
    txt = ingest(tmp_path, "txt")
    docx = ingest(tmp_path, "docx")
    assert txt.pk != docx.pk
    def summary(letter):
        return sorted((c.key, c.target, tuple(c.submitters), c.footnote, c.section) for c in letter.citations.all())
    assert summary(txt) == summary(docx)


def test_the_same_file_twice_is_the_same_letter_and_creates_nothing(demo):
    first = ingest_letter(SEED_LETTER)
    counts = (Letter.objects.count(), Citation.objects.count(), Kamerstuk.objects.count(), Commitment.objects.count())
    second = ingest_letter(SEED_LETTER)
    assert second.pk == first.pk
    assert (Letter.objects.count(), Citation.objects.count(), Kamerstuk.objects.count(), Commitment.objects.count()) == counts


def test_footnotes_take_their_section_from_where_their_marker_stands(demo):
    letter = ingest_letter(SEED_LETTER)
    footnote_12 = letter.citations.filter(footnote="12")
    assert {c.key for c in footnote_12} == {"36600-V-31", "35207-95"}
    assert {c.section for c in footnote_12} == {"Economische weerbaarheid"}
    assert letter.citations.get(key="35207-83").section == "Taiwan"
