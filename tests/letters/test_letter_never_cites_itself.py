"""A letter printed as a Kamerstuk names its own key in its header; that is not a citation."""

from letters.ingest import ingest_letter
from letters.reading.citations import own_key

# The header as tweedekamer.nl prints a letter (2022D06725: "35 165 Verkiezingen / Nr. 46 BRIEF VAN
# DE MINISTER …"), with a citation of an earlier paper of the same dossier in its body.
HEADER_LETTER = (
    "35 165 Verkiezingen\n"
    "Nr. 46 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES\n"
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n"
    "Den Haag, 21 februari 2022\n\n"
    "In deze brief informeer ik u over een aantal kiesrechtzaken (Kamerstuk 35 165, nr. 46 is deze "
    "brief; eerder schreef ik u in Kamerstuk 35 165, nr. 40).\n"
)


def test_own_key_reads_the_header():
    assert own_key(HEADER_LETTER) == "35165-46"
    assert own_key("kst-21501-02-2377\n\nTweede Kamer der Staten-Generaal\n21 501-02 Raad Algemene Zaken\nNr. 2377 BRIEF") == "21501-02-2377"
    assert own_key("Geachte voorzitter,\n\nIn Kamerstuk 35 165, nr. 40 staat") is None


def test_the_letters_own_number_is_not_linked(db):
    letter = ingest_letter(HEADER_LETTER.encode())
    assert sorted(letter.citations.values_list("key", flat=True)) == ["35165-40"]


def test_the_identifier_in_the_header_is_not_linked(db):
    text = "kst-21501-02-2377\n\nGeachte voorzitter,\n\nZie ook kst-21501-02-2376 en Kamerstuk 21 501-02, nr. 2377.\n"
    letter = ingest_letter(text.encode())
    assert sorted(letter.citations.values_list("key", flat=True)) == ["21501-02-2376"]


def test_a_header_joined_into_one_line_is_read_too():
    assert own_key("35 165 Verkiezingen Nr. 46 BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN Aan de Voorzitter") == "35165-46"
    assert own_key("36 410 Nr. 5 is een motie") is None
