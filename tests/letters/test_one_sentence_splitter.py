"""The one sentence splitter (letters.reading.sentences): abbreviations, initials and key numbers do
not end a sentence; the sentence around an offset is one of the sentences of its block."""

from letters.reading.sentences import sentence_in, sentence_spans

TEXT = (
    "Met de motie van het lid Th.C. de Graaf c.s. (Kamerstuk 35 207, nr. 83) verzoekt de Kamer o.a. om een strategie. "
    "Het kabinet geeft hieraan uitvoering. Zo werken we aan de doelen van de motie-Van der Burg c.s. "
    "De Kamer wordt voor de zomer geïnformeerd."
)


def test_abbreviations_initials_and_numbers_do_not_end_a_sentence():
    spans = sentence_spans(TEXT, 0, len(TEXT))
    sentences = [TEXT[s:e] for s, e in spans]
    assert sentences == [
        "Met de motie van het lid Th.C. de Graaf c.s. (Kamerstuk 35 207, nr. 83) verzoekt de Kamer o.a. om een strategie.",
        "Het kabinet geeft hieraan uitvoering.",
        "Zo werken we aan de doelen van de motie-Van der Burg c.s.",
        "De Kamer wordt voor de zomer geïnformeerd.",
    ]


def test_the_sentence_around_an_offset_is_one_of_the_sentences():
    spans = sentence_spans(TEXT, 0, len(TEXT))
    for offset in range(0, len(TEXT), 7):
        start, end = sentence_in(TEXT, 0, len(TEXT), offset)
        assert (start, end) in spans or TEXT[start:end].strip() == ""
        assert start <= offset <= end or TEXT[end:offset].strip() == ""
