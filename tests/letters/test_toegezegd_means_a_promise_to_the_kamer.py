"""'toegezegd' makes a commitment only where the government promised the Kamer something."""

from letters.ingest import ingest_letter
from letters.reading.citations import context_hint


def test_a_promise_of_the_commission_to_member_states_is_not_a_commitment():
    assert context_hint("De Europese Commissie heeft de lidstaten toegezegd voor de zomer een voorstel te doen") is None
    assert context_hint("Het bedrijf heeft zijn klanten toegezegd de levering te hervatten") is None


def test_a_promise_to_the_kamer_is():
    for sentence in (
        "Zoals toegezegd tijdens het commissiedebat van 3 juli",
        "In het debat heb ik uw Kamer toegezegd",
        "Het kabinet heeft toegezegd",
        "De minister heeft het lid Kahraman toegezegd",
    ):
        hint = context_hint(sentence)
        assert hint is not None and hint.kind == "toezegging", sentence


def test_the_letter_links_no_commitment_for_the_commissions_promise(db):
    text = (
        "Geachte voorzitter,\n\n"
        "De Europese Commissie heeft de lidstaten toegezegd dit najaar met een voorstel te komen.[footnoteRef:1] "
        "Zoals toegezegd in het commissiedebat informeer ik uw Kamer hierover.[footnoteRef:2]\n\n"
        "[1: Kamerstuk 22 112, nr. 3900.]\n[2: Kamerstuk 21 501-02, nr. 2800.]\n"
    )
    letter = ingest_letter(text.encode())
    targets = dict(letter.citations.values_list("key", "target"))
    assert targets == {"22112-3900": "paper", "21501-02-2800": "commitment"}
