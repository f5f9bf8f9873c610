"""The commitment page fills minister, date and deadline from what the data has; a party page
lists every member the data knows for it, and says so when that is fewer than its seats."""

import datetime as dt

from motions.models import Commitment, Member, Motion, Party, Sponsorship


def facts(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]


def row(block: str, label: str) -> str:
    return block.split(f"<dt>{label}</dt><dd>", 1)[1].split("</dd>", 1)[0]


def test_the_demo_commitment_names_the_ministrys_minister_not_a_dash(client, demo):
    commitment = Commitment.objects.get()
    block = facts(client, commitment.get_absolute_url())
    assert row(block, "Bewindspersoon").startswith("de minister van Economische Zaken")


def test_the_date_of_the_paper_it_was_made_in_stands_in_for_a_missing_date(client, demo):
    commitment = Commitment.objects.select_related("kamerstuk").get()
    paper = commitment.kamerstuk
    paper.date = dt.date(2025, 2, 13)
    paper.save()
    block = facts(client, commitment.get_absolute_url())
    assert "13 februari 2025" in row(block, "Gedaan op")


def test_register_values_are_shown_as_they_are(client, demo):
    commitment = Commitment.objects.get()
    commitment.minister, commitment.minister_function = "D.M. van Weel", "minister van Buitenlandse Zaken"
    commitment.made_on, commitment.deadline = dt.date(2025, 9, 11), dt.date(2025, 12, 31)
    commitment.save()
    block = facts(client, commitment.get_absolute_url())
    assert row(block, "Bewindspersoon") == "D.M. van Weel (minister van Buitenlandse Zaken)"
    assert row(block, "Gedaan op") == "11 september 2025" and row(block, "Termijn") == "31 december 2025"


def test_a_party_page_lists_its_members_and_those_who_signed_for_it(client, demo):
    d66 = Party.objects.get(abbreviation="D66")
    other = Party.objects.get(abbreviation="Volt")
    for n in range(7):
        Member.objects.create(initials=f"{chr(65 + n)}.", surname=f"Lid{n}", party=d66)
    moved = Member.objects.create(initials="Z.", surname="Overgestapt", party=other)
    Sponsorship.objects.create(motion=Motion.objects.by_key("35207-83").get(), member=moved, party=d66, order=99)
    page = client.get(d66.get_absolute_url()).content.decode()
    members = page.split('id="h-members"', 1)[1].split("</section>", 1)[0]
    assert members.count("<li>") == 9  # Paternotte, seven members, and one who signed for D66 then
    assert "Overgestapt" in members


def test_a_party_page_says_when_the_data_knows_fewer_members_than_seats(client, demo):
    d66 = Party.objects.get(abbreviation="D66")
    page = client.get(d66.get_absolute_url()).content.decode()
    assert "1 van de 9" in page
