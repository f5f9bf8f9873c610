"""A search snippet (SQLite fallback; PostgreSQL's headline is made of whole words) starts and ends
at a word, never inside one."""

import pytest

from motions.search import fallback_snippet

TEXT = ("De Kamer, gehoord de beraadslaging, overwegende dat de regering eerder heeft toegezegd "
        "zich in te zetten voor betrokkenheid van Taiwan bij internationale organisaties zoals de WHO; "
        "verzoekt de regering zich onverminderd in te zetten voor deelname van Taiwan aan de WHA, "
        "en gaat over tot de orde van de dag.") * 2


@pytest.mark.parametrize("q", ["WHA", "Taiwan", "organisaties", "betrokkenheid"])
def test_the_snippet_starts_and_ends_with_whole_words(q):
    snippet = fallback_snippet(TEXT, q, width=120).replace("\u0001", "").replace("\u0002", "")
    core = snippet.removeprefix("… ").removesuffix(" …")
    words = TEXT.split()
    first, last = core.split()[0], core.split()[-1]
    assert first in words, snippet
    assert last in words, snippet
    assert q.lower() in snippet.lower()
