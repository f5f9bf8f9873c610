"""Full-text search over motions, shared by the web pages, the API and saved-search alerts.

PostgreSQL: the ``search_vector`` column (kept by a trigger, ``dutch`` configuration, title weighted
above text) with a GIN index, queried with ``websearch_to_tsquery`` — so "sancties" finds "sanctie",
quotes make phrases and ``-woord`` excludes — ranked, with highlighted snippets. SQLite: the same
parameters over title and text with a small Dutch stemmer, so the embedded default still finds
"sanctie" for "sancties"; no ranking beyond newest first.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

MAX_QUERY_LENGTH = 200
CONFIG = "dutch"

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ'’-]+")
# Inflections worth folding for the fallback: plural -en/-s/'s, diminutive -tjes/-jes.
_SUFFIXES = ("tjes", "jes", "'s", "’s", "en", "s", "e")


def normalise_query(q: str | None) -> str:
    """Trim, collapse whitespace and cap the length; never raise on odd input."""
    if not q:
        return ""
    text = " ".join(str(q).replace("\x00", " ").split())
    return text[:MAX_QUERY_LENGTH]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def stem(word: str) -> str:
    """A deliberately small Dutch stemmer for the SQLite fallback: 'sancties' → 'sanctie'."""
    lower = word.lower()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 4:
            return lower[: -len(suffix)]
    return lower


def _fallback_terms(q: str) -> tuple[list[str], list[str]]:
    include, exclude = [], []
    for token in q.split():
        negative = token.startswith("-") and len(token) > 1
        for word in _WORD.findall(token.lstrip("-")):
            (exclude if negative else include).append(stem(word.strip("'’-")))
    return [w for w in include if w], [w for w in exclude if w]


def search_motions(queryset: QuerySet, q: str | None) -> QuerySet:
    """Filter (and on PostgreSQL annotate ``rank``) motions matching ``q``. Empty q: unchanged."""
    q = normalise_query(q)
    if not q:
        return queryset
    if is_postgres():
        query = postgres_query(q)
        if query is None:  # nothing searchable ("&|!"): no match, with the rank callers order by
            return queryset.none().annotate(rank=Value(0.0))
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    include, exclude = _fallback_terms(q)
    if not include and not exclude:
        return queryset.none().annotate(rank=Value(0.0))
    for word in include:
        queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word) | Q(kamerstuk__key__icontains=word))
    for word in exclude:
        queryset = queryset.exclude(Q(title__icontains=word) | Q(text__icontains=word))
    return queryset.annotate(rank=Value(0.0))


def postgres_query(q: str) -> SearchQuery | None:
    """websearch_to_tsquery (phrases, -exclusions, the 'dutch' stemmer) OR'ed with prefix matches
    on our own stems: PostgreSQL's Dutch snowball keeps "sancties" apart from "sanctie", and users
    expect one to find the other."""
    include, exclude = _fallback_terms(q)
    words = [re.sub(r"[^0-9a-zà-öø-ÿ]", "", w) for w in include]
    words = [w for w in words if len(w) >= 2]
    not_words = [re.sub(r"[^0-9a-zà-öø-ÿ]", "", w) for w in exclude]
    websearch = SearchQuery(q, config=CONFIG, search_type="websearch")
    if not words:
        return websearch
    raw = " & ".join([f"{w}:*" for w in words] + [f"!{w}" for w in not_words if w])
    return websearch | SearchQuery(raw, config=CONFIG, search_type="raw")


def with_snippets(queryset: QuerySet, q: str | None) -> QuerySet:
    """Add ``snippet``: the best passage with matches wrapped in <mark> (PostgreSQL only).

    The text is escaped by the caller's template filter ``web.templatetags.highlight``.
    """
    q = normalise_query(q)
    if not q or not is_postgres():
        return queryset
    query = postgres_query(q)
    if query is None:
        return queryset
    return queryset.annotate(
        snippet=SearchHeadline(
            "text",
            query,
            config=CONFIG,
            start_sel="\u0001",
            stop_sel="\u0002",
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def fallback_snippet(text: str, q: str | None, width: int = 220) -> str:
    """The SQLite counterpart of SearchHeadline: a window around the first match, matches marked
    with \\u0001…\\u0002 like the PostgreSQL variant so one template filter renders both."""
    include, _ = _fallback_terms(normalise_query(q))
    if not text:
        return ""
    lower = text.lower()
    positions = [lower.find(w) for w in include if lower.find(w) >= 0]
    start = max(min(positions) - width // 3, 0) if positions else 0
    window = text[start : start + width]
    for word in sorted(set(include), key=len, reverse=True):
        window = re.sub(rf"(?i)\b({re.escape(word)}[\wÀ-ÿ]*)", "\u0001\\1\u0002", window)
    return ("… " if start else "") + window + (" …" if start + width < len(text) else "")
