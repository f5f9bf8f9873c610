"""Search finds motions by word, with Dutch stemming — on PostgreSQL and in the SQLite fallback."""

import pytest

from motions.models import Motion
from motions.search import fallback_snippet, normalise_query, search_motions, stem


def keys(q):
    return set(search_motions(Motion.objects.all(), q).values_list("kamerstuk__key", flat=True))


def test_a_word_finds_the_motions_that_say_it(demo):
    assert {"35207-83", "35207-94", "26150-227", "35207-87", "35207-98"} <= keys("Taiwan")
    assert "35207-92" not in keys("Taiwan")


def test_stemming_finds_sanctie_for_sancties(demo):
    assert "35207-89" in keys("sancties")
    assert "35207-89" in keys("sanctie")


def test_words_are_combined_and_can_be_excluded(demo):
    assert keys("Taiwan WHO") == {"35207-94"} or "35207-94" in keys("Taiwan WHO")
    assert "35207-94" not in keys("Taiwan -WHO")


@pytest.mark.parametrize("q", ['"unterminated', "a & b | !c", "((( )))", "-", "'; DROP TABLE motions_motion; --", "<script>", "x" * 5000, "\x00", "*:*", "tsquery:!!"])
def test_hostile_queries_never_fail(demo, q):
    list(search_motions(Motion.objects.all(), q)[:5])


def test_empty_queries_change_nothing(demo):
    assert search_motions(Motion.objects.all(), "  ").count() == Motion.objects.count()
    assert normalise_query(None) == ""


def test_the_small_stemmer_and_snippets():
    assert stem("sancties") == "sanctie" and stem("moties") == "motie" and stem("Taiwan") == "taiwan"
    snippet = fallback_snippet("Het kabinet zet zich in voor aanvullende sancties tegen plegers.", "sanctie")
    assert "\u0001sancties\u0002" in snippet


@pytest.mark.postgres
def test_postgres_ranks_title_matches_first(demo):
    results = list(search_motions(Motion.objects.all(), "Taiwan").order_by("-rank").values_list("kamerstuk__key", "rank"))
    assert results[0][1] >= results[-1][1]
    assert all(rank > 0 for _, rank in results)


@pytest.mark.postgres
def test_postgres_uses_the_gin_index(demo):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM motions_motion WHERE search_vector @@ websearch_to_tsquery('dutch', 'Taiwan')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "motions_motion_search_gin" in plan
