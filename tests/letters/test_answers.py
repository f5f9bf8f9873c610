"""What a letter says happened to each motion it cites (letters.reading.answers): the seed letter, deferrals
and their new dates, negation, obstacles, robustness, and accuracy on the labelled set.

The classifier is pure; citations are found the way ingestion finds them (extraction, the citation
parser and find_citations, which needs Django's settings but no database).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.reading.answers import LABELS, RULES, CitationInput, Suggestion, _classify, classify, resolve_time_phrase
from letters.extract import extract_bytes, extract_file
from letters.management.commands.evaluate_answers import evaluate, load_set, suggest_for_letter

from .documents import SEED_LETTER

SEED_DATE = dt.date(2025, 10, 3)


def read(text: str, date: dt.date | None = None) -> dict[str, Suggestion]:
    """Suggestions by citation key for a letter given as text (first citation of each key)."""
    result: dict[str, Suggestion] = {}
    for found, suggestion in suggest_for_letter(extract_bytes(text.encode(), "letter.txt"), date):
        if suggestion is not None and found.key not in result:
            result[found.key] = suggestion
    return result


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Suggestion]]:
    extracted = extract_file(SEED_LETTER)
    suggestions = {f.key: s for f, s in suggest_for_letter(extracted, SEED_DATE) if s is not None}
    return extracted.text, suggestions


def words(text: str, evidence) -> str:
    return " ".join(text[evidence.start:evidence.end].split())


# --- the seed letter ------------------------------------------------------------------------------

SEED_EXPECTED = [
    # key, label, obstacle, deadline
    ("35207-83", "in_uitvoering", False, None),
    ("35207-94", "in_uitvoering", True, None),  # "… omdat er simpelweg geen meerderheid is"
    ("26150-227", "in_uitvoering", True, None),
    ("35207-98", "in_uitvoering", False, None),
    ("35207-87", "in_uitvoering", False, None),
    ("35207-92", "in_uitvoering", False, None),
    ("35207-93", "in_uitvoering", False, None),
    ("35207-89", "in_uitvoering", True, None),
    ("35207-84", "in_uitvoering", True, None),
    ("36600-V-31", "in_uitvoering", False, dt.date(2025, 12, 31)),
    ("35207-95", "in_uitvoering", False, dt.date(2025, 12, 31)),
    ("21501-20-2243", "afgedaan", False, None),
    ("32852-333", "afgedaan", False, None),
]


@pytest.mark.parametrize(("key", "label", "obstacle", "deadline"), SEED_EXPECTED)
def test_the_seed_letter_reads_as_a_policy_officer_would(seed, key, label, obstacle, deadline):
    _, suggestions = seed
    suggestion = suggestions[key]
    assert suggestion.label == label
    assert (suggestion.obstacle is not None) == obstacle
    assert suggestion.proposed_deadline == deadline
    assert 0.5 <= suggestion.confidence <= 1.0
    assert suggestion.evidence and suggestion.evidence[0].label == label


def test_the_seed_letter_gives_a_suggestion_for_motions_and_the_commitment_only(seed):
    _, suggestions = seed
    assert set(suggestions) == {key for key, *_ in SEED_EXPECTED}


def test_the_two_boswijk_motions_of_footnote_12_have_december_as_next_report(seed):
    text, suggestions = seed
    for key in ("36600-V-31", "35207-95"):
        suggestion = suggestions[key]
        assert suggestion.deadline_text == "in december"
        assert [e.pattern for e in suggestion.evidence if e.label == "in_uitvoering"][:1] == ["wordt_meegenomen"]
        assert any("meegenomen" in words(text, e) for e in suggestion.evidence)


def test_35207_84_shows_its_obstacle_next_to_the_effort(seed):
    text, suggestions = seed
    suggestion = suggestions["35207-84"]
    assert suggestion.label == "in_uitvoering"
    assert any("ingezet" in words(text, e) for e in suggestion.evidence)
    assert words(text, suggestion.obstacle).startswith("onvoldoende steun")
    assert "onvoldoende steun binnen de EU om dit te realiseren" in text[suggestion.obstacle.start - 10:suggestion.obstacle.end + 40]


def test_35207_89_shows_onvoldoende_draagvlak_as_its_obstacle(seed):
    text, suggestions = seed
    assert words(text, suggestions["35207-89"].obstacle) == "onvoldoende draagvlak"


def test_21501_20_2243_is_done_and_keeps_the_follow_up_research_visible(seed):
    text, suggestions = seed
    suggestion = suggestions["21501-20-2243"]
    assert suggestion.label == "afgedaan"
    follow_up = [e for e in suggestion.evidence if e.label == "in_uitvoering"]
    assert any("vervolgonderzoek gestart" in words(text, e) for e in follow_up)


def test_the_commitment_to_idsinga_is_met_once_the_kamer_is_informed(seed):
    text, suggestions = seed
    suggestion = suggestions["32852-333"]
    assert suggestion.label == "afgedaan"
    assert words(text, suggestion.evidence[0]).endswith("geïnformeerd")


def test_evidence_spans_are_valid_and_inside_the_text(seed):
    text, suggestions = seed
    for suggestion in suggestions.values():
        for evidence in (*suggestion.evidence, *((suggestion.obstacle,) if suggestion.obstacle else ())):
            assert 0 <= evidence.start < evidence.end <= len(text)
            assert evidence.label in LABELS
            assert text[evidence.start:evidence.end].strip()


# --- deferrals and their new dates ----------------------------------------------------------------

DEFERRAL_2013 = """Geachte voorzitter,

Tijdens het notaoverleg op 11 maart 2013 is de motie van het lid Van Dijk c.s. (Kamerstuk 33 400 V, nr. 72) aangenomen.

Het is helaas niet mogelijk deze motie binnen de gestelde termijn te beantwoorden. Ik verwacht uw Kamer in september 2013 nader te informeren.
"""


def test_a_deferral_letter_is_recognised_with_its_new_date():
    suggestion = read(DEFERRAL_2013, dt.date(2013, 6, 20))["33400-V-72"]
    assert suggestion.label == "uitstel"
    assert suggestion.proposed_deadline == dt.date(2013, 9, 30)
    assert suggestion.deadline_text == "in september 2013"
    assert "niet_binnen_termijn" in [e.pattern for e in suggestion.evidence]


def test_a_deferral_voor_de_zomer_proposes_1_july():
    text = (
        "Op 5 december heeft uw Kamer de motie van het lid Jansen (Kamerstuk 36 410 XV, nr. 45) aangenomen.\n\n"
        "Tot mijn spijt kan ik niet binnen de gebruikelijke termijn op deze motie reageren. "
        "Ik zal uw Kamer voor de zomer informeren."
    )
    suggestion = read(text, dt.date(2024, 3, 14))["36410-XV-45"]
    assert (suggestion.label, suggestion.proposed_deadline, suggestion.deadline_text) == ("uitstel", dt.date(2024, 7, 1), "voor de zomer")


def test_a_month_that_has_passed_rolls_over_to_next_year():
    text = (
        "De motie van het lid Visser (Kamerstuk 36 600 VII, nr. 20) vraagt om een uitwerking.\n\n"
        "Het overleg kost meer tijd dan voorzien. Ik verwacht u in februari de uitwerking te kunnen toesturen."
    )
    suggestion = read(text, dt.date(2024, 11, 26))["36600-VII-20"]
    assert suggestion.label == "uitstel"
    assert suggestion.proposed_deadline == dt.date(2025, 2, 28)


def test_in_december_stays_in_the_letters_year_when_december_is_still_ahead():
    assert resolve_time_phrase("in december", dt.date(2025, 10, 3)) == dt.date(2025, 12, 31)
    assert resolve_time_phrase("in december", dt.date(2025, 12, 15)) == dt.date(2025, 12, 31)
    assert resolve_time_phrase("in januari", dt.date(2025, 12, 15)) == dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("phrase", "letter_date", "deadline"),
    [
        ("in september 2013", dt.date(2013, 6, 20), dt.date(2013, 9, 30)),
        ("voor de zomer", dt.date(2024, 3, 14), dt.date(2024, 7, 1)),
        ("voor de zomer", dt.date(2024, 8, 1), dt.date(2025, 7, 1)),
        ("voor het zomerreces", dt.date(2025, 3, 11), dt.date(2025, 7, 1)),
        ("na de zomer", dt.date(2019, 6, 4), dt.date(2019, 10, 1)),
        ("in het najaar", dt.date(2024, 4, 16), dt.date(2024, 12, 1)),
        ("in het voorjaar van 2025", dt.date(2024, 12, 10), dt.date(2025, 6, 1)),
        ("voor het einde van het jaar", dt.date(2022, 9, 13), dt.date(2022, 12, 31)),
        ("voor het kerstreces", dt.date(2022, 9, 13), dt.date(2022, 12, 20)),
        ("eind 2023", dt.date(2023, 4, 4), dt.date(2023, 12, 31)),
        ("begin 2026", dt.date(2025, 2, 18), dt.date(2026, 3, 31)),
        ("medio volgend jaar", dt.date(2025, 2, 18), dt.date(2026, 6, 30)),
        ("in het vierde kwartaal van 2023", dt.date(2023, 8, 29), dt.date(2023, 12, 31)),
        ("in het eerste kwartaal", dt.date(2024, 11, 19), dt.date(2025, 3, 31)),
        ("eind juni", dt.date(2024, 1, 9), dt.date(2024, 6, 30)),
        ("uiterlijk 1 juni", dt.date(2024, 1, 9), dt.date(2024, 6, 1)),
        ("rond Prinsjesdag", dt.date(2025, 5, 27), dt.date(2025, 9, 16)),
        ("binnen drie maanden", dt.date(2025, 5, 27), dt.date(2025, 8, 27)),
        ("binnen twee weken", dt.date(2025, 5, 27), dt.date(2025, 6, 10)),
    ],
)
def test_time_phrases_turn_into_deadlines_relative_to_the_letter_date(phrase, letter_date, deadline):
    assert resolve_time_phrase(phrase, letter_date) == deadline


def test_a_past_date_is_no_promise():
    assert resolve_time_phrase("in februari jl.", dt.date(2025, 10, 3)) is None


def test_without_a_letter_date_a_phrase_keeps_its_words_but_gets_no_date():
    text = (
        "De motie van het lid Mulder (Kamerstuk 34 682, nr. 161) vraagt om een verkenning.\n\n"
        "Het onderzoek vergt meer tijd. Ik verwacht uw Kamer in juni te informeren."
    )
    suggestion = read(text, None)["34682-161"]
    assert suggestion.label == "uitstel"
    assert suggestion.deadline_text == "in juni"
    assert suggestion.proposed_deadline is None


def test_a_plan_for_later_is_not_a_deadline_unless_the_kamer_is_promised_a_report():
    text = (
        "De motie van het lid Hoekstra (Kamerstuk 34 682, nr. 150) wordt meegenomen in de herziening van de visie, "
        "die naar verwachting in het voorjaar van 2025 in consultatie gaat."
    )
    suggestion = read(text, dt.date(2024, 12, 10))["34682-150"]
    assert suggestion.label == "in_uitvoering"
    assert suggestion.proposed_deadline is None


# --- labels, negation, modality ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Hiermee beschouw ik de motie van het lid Smit (Kamerstuk 36 200 XVI, nr. 145) als afgedaan.", "afgedaan"),
        ("Hiermee is uitvoering gegeven aan de motie van het lid De Vries (Kamerstuk 35 925, nr. 112).", "afgedaan"),
        ("Met deze brief geef ik invulling aan de motie van het lid Mulder (Kamerstuk 36 200 VIII, nr. 77).", "afgedaan"),
        ("Hiermee kom ik tegemoet aan de motie van het lid Hoekstra (Kamerstuk 31 865, nr. 230).", "afgedaan"),
        ("Conform de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) zet het kabinet zich in voor nieuwe sancties.", "in_uitvoering"),
        ("Het kabinet zal zich, in lijn met de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80), in blijven zetten voor nieuwe sancties.", "in_uitvoering"),
        ("Conform de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) heeft Nederland zich ingezet voor nieuwe sancties.", "in_uitvoering"),
        ("De Nederlandse inzet is, conform de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80), gericht op nieuwe sancties.", "in_uitvoering"),
        ("De motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) wordt meegenomen in het nieuwe sanctiebeleid.", "in_uitvoering"),
        ("Een verbod acht het kabinet onwenselijk; de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) wordt niet uitgevoerd.", "niet_uitgevoerd"),
        ("Het kabinet ziet geen aanleiding de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) uit te voeren.", "niet_uitgevoerd"),
        ("Het kabinet zal de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) niet uitvoeren.", "niet_uitgevoerd"),
        ("In 2019 nam uw Kamer de motie van het lid Bakker (Kamerstuk 35 925 V, nr. 80) aan.", "geen"),
    ],
)
def test_the_formulas_of_each_label_are_recognised(sentence, label):
    (suggestion,) = read(sentence).values()
    assert suggestion.label == label


def test_niet_meegenomen_is_a_refusal_not_progress():
    text = (
        "De motie van het lid Kuiper (Kamerstuk 36 410, nr. 40) vroeg om een uitbreiding van de huurtoeslag. "
        "Deze uitbreiding is in het wetsvoorstel niet meegenomen, omdat de kosten niet binnen het budget passen."
    )
    suggestion = read(text)["36410-40"]
    assert suggestion.label == "niet_uitgevoerd"
    assert suggestion.evidence[0].pattern == "wordt_meegenomen"


def test_geen_uitvoering_gegeven_is_a_refusal_and_nog_geen_is_not_yet():
    refused = "Aan de motie van het lid Jansen (Kamerstuk 32 793, nr. 640) wordt geen uitvoering gegeven."
    not_yet = "Aan de motie van het lid Jansen (Kamerstuk 32 793, nr. 640) is nog geen uitvoering gegeven; de gesprekken lopen nog."
    assert read(refused)["32793-640"].label == "niet_uitgevoerd"
    assert read(not_yet)["32793-640"].label == "in_uitvoering"


def test_a_completion_that_waits_for_a_condition_is_not_done_yet():
    text = "Zodra het onderzoek is afgerond, beschouw ik de motie van het lid Smit (Kamerstuk 36 200 XV, nr. 12) als afgedaan."
    assert read(text)["36200-XV-12"].label == "in_uitvoering"


def test_the_motions_own_request_is_not_the_governments_answer():
    text = (
        "Eerder nam uw Kamer de motie van het lid Bakker (Kamerstuk 29 664, nr. 210) aan, die de regering verzoekt "
        "zich in Europees verband in te zetten voor een eerlijke verdeling van de visquota."
    )
    assert read(text)["29664-210"].label == "geen"


def test_effort_on_an_alternative_does_not_outweigh_a_refusal():
    text = (
        "De motie van het lid Jansen (Kamerstuk 35 000 XII, nr. 55) vraagt om een snelle verbinding vóór 2021. "
        "Gezien de planning van de spoorbeheerder is dat niet haalbaar. Ik zet mij wel in voor een snellere verbinding vanaf 2024."
    )
    assert read(text)["35000-XII-55"].label == "niet_uitgevoerd"


# --- obstacles -----------------------------------------------------------------------------------


def test_effort_with_an_obstacle_gives_the_primary_label_and_the_obstacle():
    text = (
        "In lijn met de motie van de leden Van Dijk en Jansen (Kamerstuk 26 150, nr. 210) zet het kabinet zich in voor "
        "een onafhankelijk onderzoeksmechanisme. Vooralsnog is er onvoldoende draagvlak in de Raad."
    )
    suggestion = read(text)["26150-210"]
    assert suggestion.label == "in_uitvoering"
    assert suggestion.obstacle is not None and suggestion.obstacle.pattern == "onvoldoende_steun"
    assert all(e.label != "niet_uitgevoerd" for e in suggestion.evidence)


def test_an_obstacle_without_any_effort_is_a_reason_not_to_act():
    text = (
        "De motie van het lid Hoekstra (Kamerstuk 21 501-20, nr. 1950) vraagt om een Europees minimumtarief. "
        "Er is in de Raad geen draagvlak voor een dergelijk tarief."
    )
    suggestion = read(text)["21501-20-1950"]
    assert suggestion.label == "niet_uitgevoerd"
    assert suggestion.obstacle is None


# --- the API contract ------------------------------------------------------------------------------


def test_other_targets_get_no_suggestion_and_order_is_kept():
    text = "Zie Kamerstuk 36 696, nr. 1. Conform de motie 35 207, nr. 83 zet het kabinet zich in voor de-escalatie."
    citations = [
        CitationInput(4, 27, "paper", 0, 28),
        CitationInput(46, 60, "motion", 29, len(text)),
        CitationInput(46, 60, "other", 29, len(text)),
    ]
    result = classify(text, citations)
    assert result[0] is None and result[2] is None
    assert result[1] is not None and result[1].label == "in_uitvoering"


def test_the_rules_live_in_one_table_with_unique_names():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert {rule.label for rule in RULES} == set(LABELS) - {"geen"}
    assert all(0 < rule.weight < 1 for rule in RULES)


_WORDS = [
    "motie", "de", "het", "kabinet", "zet", "zich", "in", "niet", "geen", "nog", "blijft", "inzetten", "afgedaan",
    "beschouw", "ik", "uitvoering", "gegeven", "aan", "zal", "uw", "Kamer", "informeren", "in december", "voor de zomer",
    "onvoldoende", "steun", "verzoekt", "de regering", "35 207, nr. 83", ".", ",", ";", "\n\n", "Prinsjesdag", "jl.",
    "binnen", "drie", "maanden", "termijn", "helaas", "é", "[", "]", "(", ")", "nr.", "c.s.", "Hiermee", "is", "wel",
]


@st.composite
def letters(draw):
    text = " ".join(draw(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=6)), max_size=60)))
    size = len(text)
    offset = st.integers(min_value=-3, max_value=size + 3)
    citations = draw(
        st.lists(
            st.builds(
                CitationInput,
                offset,
                offset,
                st.sampled_from(["motion", "commitment", "paper", ""]),
                offset,
                offset,
                st.one_of(st.none(), offset),
                st.one_of(st.none(), st.sampled_from(["35207-83", "35207-84"])),
                st.lists(st.sampled_from(["Smit", "Van der Lee", ""]), max_size=2).map(tuple),
            ),
            max_size=4,
        )
    )
    paragraphs = draw(st.lists(st.tuples(offset, offset), max_size=3))
    date = draw(st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))))
    return text, citations, paragraphs, date


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letters())
def test_it_never_raises_and_evidence_stays_inside_the_text(case):
    text, citations, paragraphs, date = case
    result = _classify(text, citations, date, paragraphs)  # the strict inner function: no safety net
    assert len(result) == len(citations)
    for citation, suggestion in zip(citations, result, strict=True):
        assert (suggestion is None) == (citation.target not in ("motion", "commitment"))
        if suggestion is None:
            continue
        assert suggestion.label in LABELS
        assert 0.0 <= suggestion.confidence <= 1.0
        for evidence in (*suggestion.evidence, *((suggestion.obstacle,) if suggestion.obstacle else ())):
            assert 0 <= evidence.start < evidence.end <= len(text)


def test_the_public_function_survives_input_of_the_wrong_type():
    assert classify(None, [CitationInput(0, 1, "motion", 0, 1)]) == [Suggestion("geen", 0.0, (), None, None, None)]  # type: ignore[arg-type]


# --- the labelled set ------------------------------------------------------------------------------


def test_the_labelled_set_has_sixty_citations_and_a_held_out_fifth():
    items = load_set()["items"]
    held_out = [i for i in items if i["split"] == "held_out"]
    assert len(items) >= 60
    assert 0.15 <= len(held_out) / len(items) <= 0.3
    assert {i["label"] for i in items} == set(LABELS)
    assert len({i["id"] for i in items}) == len(items)


def test_accuracy_on_the_labelled_set(capsys):
    result = evaluate()
    tuned, held_out = result["tuned"], result["held_out"]
    with capsys.disabled():
        print(
            f"\nanswers: tuned {tuned['accuracy']:.1%} of {tuned['n']}, held-out {held_out['accuracy']:.1%} of {held_out['n']}"
            f" (obstacles {held_out['obstacle_accuracy']:.1%}, deadlines {held_out['deadline_accuracy']:.1%})"
        )
    assert all(row["missing"] == 0 for row in result["all"]["confusion"].values()), "every item's citation must be found"
    assert tuned["accuracy"] >= 0.85
    assert tuned["obstacle_accuracy"] >= 0.85
    assert tuned["deadline_accuracy"] >= 0.85
    assert held_out["accuracy"] >= 0.7


def test_the_evaluate_answers_command_prints_a_confusion_table_and_json():
    out = io.StringIO()
    call_command("evaluate_answers", stdout=out)
    printed = out.getvalue()
    assert "== tuned:" in printed and "== held-out:" in printed
    assert "confusion (rows gold, columns predicted)" in printed
    out = io.StringIO()
    call_command("evaluate_answers", "--json", "--split", "held_out", stdout=out)
    payload = json.loads(out.getvalue())
    assert set(payload) == {"held_out"}
    assert set(payload["held_out"]["confusion"]) == set(LABELS)
    assert {"accuracy", "per_label", "obstacle_accuracy", "deadline_accuracy"} <= set(payload["held_out"])
