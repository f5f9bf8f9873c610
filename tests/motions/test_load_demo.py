from io import StringIO

from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from motions.models import Commitment, Kamerstuk, Motion, Vote

SEED_MOTIONS = ["26150-227", "35207-83", "35207-84", "35207-87", "35207-89", "35207-92", "35207-93", "35207-94", "35207-95", "35207-98", "36600-V-31"]


def snapshot() -> dict[str, str]:
    """Every row of our apps, serialised: two equal snapshots mean the same rows, same keys."""
    result = {}
    for model in list(apps.get_app_config("motions").get_models()) + list(apps.get_app_config("letters").get_models()):
        rows = model._default_manager.order_by("pk")
        result[model._meta.label] = serializers.serialize("json", rows, fields=[f.name for f in model._meta.fields if f.name not in ("updated_at", "created_at", "built_at")])
    return result


def test_load_demo_twice_gives_the_same_rows(db):
    call_command("load_demo", "--no-staff-user", stdout=StringIO())
    first = snapshot()
    out = StringIO()
    call_command("load_demo", "--no-staff-user", stdout=out)
    assert snapshot() == first
    assert "0 created, 0 updated, 12 unchanged" in out.getvalue()


def test_the_demo_holds_the_seed_letters_motions_from_real_records(demo):
    adopted = set(Motion.objects.adopted().values_list("kamerstuk__key", flat=True))
    assert adopted == set(SEED_MOTIONS)
    motion = Motion.objects.by_key("35207-83").get()
    assert motion.title.startswith("Motie van het lid Paternotte c.s. over zich altijd uitspreken tegen Chinese escalatie")
    assert "verzoekt het kabinet zich altijd uit te spreken tegen Chinese escalatie" in motion.text
    assert motion.kabinetsappreciatie == "oordeel_kamer"
    assert str(motion.vote_date) == "2025-04-15"
    assert motion.zaak_number == "2025Z06902"
    names = [(s.member.full_name, s.party.abbreviation, s.role) for s in motion.sponsorships.select_related("member", "party")]
    assert names[0] == ("J.M. Paternotte", "D66", "indiener")
    assert ("T.M.T. van der Lee", "GroenLinks-PvdA", "medeindiener") in names
    assert len(names) == 11
    assert motion.ministry.name == "Buitenlandse Zaken"
    assert motion.status == "open"


def test_the_demo_keeps_vote_provenance_and_seats(demo):
    motion = Motion.objects.by_key("35207-95").get()
    assert motion.kabinetsappreciatie == "overbodig"
    against = list(Vote.objects.filter(motion=motion, choice="tegen").values_list("party__abbreviation", flat=True))
    assert against == ["PVV"]  # security.nl reported PVV as the only party against
    assert "openbare bron" in motion.outcome_note
    assert "niet gezaghebbend" in Motion.objects.by_key("35207-83").get().outcome_note


def test_the_amended_motion_replaces_the_original(demo):
    amended = Motion.objects.by_key("35207-98").get()
    assert amended.replaces.kamerstuk.key == "35207-88"
    assert amended.replaces.outcome == "vervallen"
    assert amended.kamerstuk.kind_raw == "Motie (gewijzigd/nader)"
    assert Motion.objects.by_key("36600-V-31").get().kabinetsappreciatie == "ontijdig"


def test_the_demo_has_the_other_papers_and_the_commitment(demo):
    for key in ["36696-1", "35207-81", "30821-249", "26643-1229", "32852-224", "30821-244", "30821-302", "21501-20-2243"]:
        assert Kamerstuk.objects.filter(key=key).exists(), key
    letter = Kamerstuk.objects.get(key="21501-20-2243")
    assert letter.kind == "brief_regering" and not hasattr(letter, "motion")
    commitment = Commitment.objects.get(kamerstuk__key="32852-333")
    assert commitment.made_to_raw == "Idsinga"
