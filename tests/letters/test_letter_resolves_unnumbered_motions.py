"""A motion named by its submitters and subject, without its number, is proposed when one motion
fits clearly; otherwise the mention is stored unresolved, on the letter page and for the review queue."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters.ingest import ingest_letter, resolve_mentions
from letters.reading.mentions import find_motion_mentions
from letters.models import Citation, MotionMention
from motions.models import Dossier, Kamerstuk, Member, Motion, Outcome, Sponsorship

# The titles are the Kamer's own (h-tk-20192020-31-8, stemmingen moties MIRT).
MIRT = [
    ("16", ["Van Aalst"], "Motie van het lid Van Aalst over niet verlagen van de maximumsnelheid"),
    ("17", ["Van Aalst"], "Motie van het lid Van Aalst over geen verlaging van de maximumsnelheid door uitstel van wegonderhoud"),
    ("19", ["Van Aalst"], "Motie van het lid Van Aalst over verbreding van de A2 Eindhoven-Weert naar ten minste 2x3 rijstroken"),
    ("24", ["Remco Dijkstra", "Postma"], "Motie van de leden Remco Dijkstra en Postma over het krachtig voortzetten van het project A27/A12"),
]
LETTER = (
    "Geachte voorzitter,\n\n"
    "Met deze brief reageer ik op de motie-Van Aalst over verbreding van de A2 Eindhoven-Weert naar ten minste 2x3 rijstroken. "
    "De verbreding is in voorbereiding en ik verwacht de uitvoering in 2021 af te ronden.\n\n"
    "Ook de motie van het lid Van Aalst over de maximumsnelheid komt hierbij aan de orde.\n"
)


def mirt(db_date=dt.date(2019, 11, 25)) -> dict[str, Motion]:
    dossier = Dossier.objects.create(number=35300, toevoeging="A")
    members: dict[str, Member] = {}
    out = {}
    for number, names, title in MIRT:
        paper = Kamerstuk.objects.create(dossier=dossier, number=number, key=f"35300-A-{number}", kind=Kamerstuk.Kind.MOTIE)
        motion = Motion.objects.create(kamerstuk=paper, title=title, submitted_on=db_date, outcome=Outcome.AANGENOMEN)
        for order, name in enumerate(names):
            parts = name.split()
            tussen = "van" if parts[0] == "Van" else ""
            surname = parts[-1]
            first = parts[0] if len(parts) > 1 and not tussen else ""
            member = members.get(name) or Member.objects.create(surname=surname, tussenvoegsel=tussen, first_name=first)
            members[name] = member
            role = Sponsorship.Role.INDIENER if order == 0 else Sponsorship.Role.MEDEINDIENER
            Sponsorship.objects.create(motion=motion, member=member, role=role, order=order)
        out[number] = motion
    return out


def test_a_clear_mention_is_proposed_and_an_ambiguous_one_is_left_for_staff(db, client):
    motions = mirt()
    letter = ingest_letter(LETTER.encode(), date=dt.date(2020, 3, 1))

    clear, ambiguous = MotionMention.objects.filter(letter=letter).order_by("start")
    assert clear.best == motions["19"] and clear.confidence >= 0.6
    assert clear.citation is not None
    citation = clear.citation
    assert (citation.target, citation.review, citation.kamerstuk_id, citation.key) == (
        Citation.Target.MOTION, Citation.Review.SUGGESTED, motions["19"].kamerstuk_id, "35300-A-19",
    )
    assert citation.submitters == ["Van Aalst"]
    assert "maximumsnelheid" not in citation.excerpt and "Eindhoven-Weert" in citation.excerpt

    assert ambiguous.citation is None
    assert ambiguous.best in (motions["16"], motions["17"]) and ambiguous.runner_up in (motions["16"], motions["17"])
    assert ambiguous.confidence < 0.6 or ambiguous.best != ambiguous.runner_up
    assert list(MotionMention.objects.unresolved()) == [ambiguous]
    assert list(MotionMention.objects.for_review()) == [ambiguous]
    # nothing links the ambiguous mention to a motion
    assert not Citation.objects.filter(letter=letter, kamerstuk__in=[motions["16"].kamerstuk, motions["17"].kamerstuk]).exists()

    page = client.get(letter.get_absolute_url()).content.decode()
    assert "Moties zonder nummer" in page and "de motie van het lid Van Aalst over de maximumsnelheid" in page
    assert "35300-A-16" in page and "35300-A-17" in page


def test_a_motion_after_the_letter_is_never_a_candidate(db):
    motions = mirt(db_date=dt.date(2024, 1, 1))
    letter = ingest_letter(LETTER.encode(), date=dt.date(2020, 3, 1))
    assert all(m.best is None for m in letter.mentions.all())
    assert not letter.citations.filter(kamerstuk=motions["19"].kamerstuk).exists()


def test_a_mention_with_its_number_is_not_a_mention(db):
    text = "De motie-Van Aalst over de A2 (Kamerstuk 35 300 A, nr. 19) is uitgevoerd. De motie-Van Aalst over de N35[footnoteRef:1] ook.\n\n[1: Kamerstuk 35 300 A, nr. 15.]"
    from letters.reading.citations import extract_references

    assert find_motion_mentions(text, extract_references(text)) == []


def test_re_ingesting_keeps_one_row_per_mention(db):
    mirt()
    letter = ingest_letter(LETTER.encode(), date=dt.date(2020, 3, 1))
    from letters.ingest import process_letter

    process_letter(letter.pk, force=True)
    assert letter.mentions.count() == 2
    assert letter.citations.filter(key="35300-A-19").count() == 1


def test_resolving_costs_the_same_queries_for_one_mention_or_many(db):
    mirt()
    text = LETTER + "De motie-Remco Dijkstra/Postma over het krachtig voortzetten van het project A27/A12 is uitgevoerd. De motie-Van Aalst over niet verlagen van de maximumsnelheid ook.\n"
    many = find_motion_mentions(text)
    one = many[2:3]  # the one with two members: it asks the register about "Remco Dijkstra-Postma" too
    assert len(many) == 4
    counts = []
    for mentions in (one, many):
        with CaptureQueriesContext(connection) as ctx:
            resolved = resolve_mentions(mentions, letter_date=dt.date(2020, 3, 1), letter_dossiers=frozenset({"35300-A"}))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    keys = [d.best.key if d.resolved else None for _, d, _ in resolved]
    assert keys == ["35300-A-19", None, "35300-A-24", "35300-A-16"]


def test_staff_find_the_unresolved_mentions_in_the_admin(db, staff_client):
    mirt()
    ingest_letter(LETTER.encode(), date=dt.date(2020, 3, 1))
    page = staff_client.get("/admin/letters/motionmention/?resolved=no").content.decode()
    assert "motie van het lid Van Aalst over de maximumsnelheid" in page and "1 resultaat" in page
    assert "Eindhoven-Weert" not in page
