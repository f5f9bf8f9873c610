"""The mapping on real recorded API responses (../shared/opendata-samples/, copied into tests/fixtures/opendata/samples/).

The 500 motions of autumn 2025 were recorded with only ZaakActor and Document expanded: no dossier and
no publication identifier. Their keys cannot be known from them, so the mapping must refuse them rather
than invent one. Given a dossier, the keys follow from Document.Volgnummer, except for the 16
gewijzigde moties with Volgnummer -1: those need the publication identifier.
"""

from __future__ import annotations

import copy
import gzip
import json
from collections import Counter
from functools import cache

import pytest

from motions.models import Kabinetsappreciatie, Motion, Sponsorship
from motions.opendata.mapping import MappingError, apply_zaken, parse_zaak

from .sync_support import FIXTURES, SAMPLES

# In-repository copies of ../shared/opendata-samples, so these tests never skip (see its README).
COPIES = FIXTURES / "samples"


@cache
def _recorded() -> tuple[dict, ...]:
    return tuple(json.loads(gzip.decompress((COPIES / "zaak_motie_expand_zaakactor_document.values.json.gz").read_bytes()))["value"])


def recorded() -> list[dict]:
    return copy.deepcopy(list(_recorded()))


def with_dossier(zaak: dict, index: int) -> dict:
    """The sample Zaak as if Kamerstukdossier had been expanded (a made-up dossier per Zaak)."""
    zaak["Kamerstukdossier"] = [{"Id": f"00000000-0000-4000-8000-{index:012d}", "Nummer": 30000 + index, "Toevoeging": None, "Titel": zaak["Titel"], "Verwijderd": False}]
    return zaak


def test_the_samples_are_what_their_readme_says():
    zaken = recorded()
    assert len(zaken) == 500
    minus_one = [z for z in zaken if z["Document"][0]["Volgnummer"] == -1]
    assert len(minus_one) == 16 and {z["Document"][0]["Soort"] for z in minus_one} == {"Motie (gewijzigd/nader)"}
    counts = Counter(z["Kabinetsappreciatie"] for z in zaken)
    assert (counts["Ontijdig"], counts["Overbodig"]) == (31, 17)


def test_without_a_dossier_no_key_is_invented():
    for zaak in recorded():
        with pytest.raises(MappingError, match="no dossier and paper number"):
            parse_zaak(zaak)


def test_with_a_dossier_every_key_follows_from_the_volgnummer_except_the_minus_ones():
    keys, refused = set(), []
    for index, zaak in enumerate(recorded()):
        zaak = with_dossier(zaak, index)
        try:
            record = parse_zaak(zaak)
        except MappingError:
            refused.append(zaak)
            continue
        assert record.key.number == str(zaak["Document"][0]["Volgnummer"])
        assert record.key.dossier == str(zaak["Kamerstukdossier"][0]["Nummer"]) and record.key.toevoeging == ""
        keys.add(str(record.key))
    assert len(refused) == 16 and all(z["Document"][0]["Volgnummer"] == -1 for z in refused)


def test_a_minus_one_takes_its_key_from_the_publication_identifier_when_there_is_one():
    zaak = next(z for z in recorded() if z["Document"][0]["Volgnummer"] == -1)
    zaak = with_dossier(zaak, 7)
    zaak["Document"][0]["HuidigeDocumentVersie"] = {"Id": "00000000-0000-4000-8000-000000000001", "ExterneIdentifier": "kst-30007-123"}
    assert str(parse_zaak(zaak).key) == "30007-123"


def test_actors_become_submitters_in_order_and_the_committee_is_left_out():
    for index, zaak in enumerate(recorded()[:100]):
        if zaak["Document"][0]["Volgnummer"] == -1:
            continue
        record = parse_zaak(with_dossier(zaak, index))
        relaties = [a["Relatie"] for a in zaak["ZaakActor"] if a["Relatie"] in ("Indiener", "Medeindiener")]
        assert [a.role for a in record.actors] == ["indiener"] + ["medeindiener"] * (len(relaties) - 1)
        assert record.actors[0].persoon_id is not None and record.actors[0].fractie
        assert all(a.name and "." in a.name for a in record.actors)  # "D.A. Ergin": initials and surname


def test_every_appreciation_in_the_samples_is_known():
    values = {z["Kabinetsappreciatie"] for z in recorded()}
    assert {v: Kabinetsappreciatie.normalise(v) for v in values if Kabinetsappreciatie.normalise(v) == Kabinetsappreciatie.ONBEKEND} == {}


@pytest.mark.django_db
def test_apply_zaken_writes_the_samples_it_can_key_and_counts_the_rest_as_errors():
    zaken = [with_dossier(z, i) for i, z in enumerate(recorded())]
    stats = apply_zaken(zaken[:250])
    stats.add(apply_zaken(zaken[250:]))
    assert (stats.created, stats.errors) == (484, 16)
    assert Motion.objects.count() == 484
    assert Motion.objects.filter(kabinetsappreciatie="ontijdig").count() + Motion.objects.filter(kabinetsappreciatie="overbodig").count() == sum(
        1 for z in zaken if z["Kabinetsappreciatie"] in ("Ontijdig", "Overbodig") and z["Document"][0]["Volgnummer"] != -1
    )
    first = next(z for z in zaken if z["Document"][0]["Volgnummer"] != -1)
    motion = Motion.objects.get(zaak_id=first["Id"])
    indiener = Sponsorship.objects.get(motion=motion, role="indiener")
    actor = next(a for a in first["ZaakActor"] if a["Relatie"] == "Indiener")
    assert (indiener.member.full_name, indiener.party.abbreviation, str(indiener.member.source_id)) == (actor["ActorNaam"], actor["ActorFractie"], actor["Persoon_Id"])
    assert motion.outcome == "ingediend" and motion.kamerstuk.document_number == first["Document"][0]["DocumentNummer"]


def test_the_seed_motion_records_give_their_printed_keys():
    paths = sorted((COPIES / "zaak-seed-motions").glob("zaak_kst-*.json"))
    assert len(paths) == 12
    for path in paths:
        zaak = json.loads(path.read_text(encoding="utf-8"))
        # No dossier was expanded here; the publication identifier alone gives the key.
        assert f"kst-{parse_zaak(zaak).key}" == path.stem.removeprefix("zaak_"), path.name


def test_the_copies_equal_the_shared_samples():
    if not SAMPLES.exists():
        pytest.skip("../shared/opendata-samples is not next to this checkout")
    original = (SAMPLES / "zaak_motie_expand_zaakactor_document.values.json").read_bytes()
    assert gzip.decompress((COPIES / "zaak_motie_expand_zaakactor_document.values.json.gz").read_bytes()) == original
    shared = {p.name: p.read_bytes() for p in (SAMPLES / "zaak-seed-motions").glob("*.json")}
    assert {p.name: p.read_bytes() for p in (COPIES / "zaak-seed-motions").glob("*.json")} == shared
