"""Full-text search over motions, shared by the web pages, the API and saved-search alerts.

PostgreSQL: the ``search_vector`` column (kept by a trigger, ``dutch`` configuration, title weighted
above text) with a GIN index, queried with ``websearch_to_tsquery`` — so "sancties" finds "sanctie",
quotes make phrases and ``-woord`` excludes — ranked, with highlighted snippets. SQLite: the same
parameters over title and text with a small Dutch stemmer, so the embedded default still finds
"sanctie" for "sancties"; no ranking beyond newest first.

Before the words are searched, the query is read the way letters and people name motions: a key in
any spelling ("35 207, nr. 83", "kst-35207-83", "Kamerstuk 35207, nr. 83": ``motions.keys``) finds
that motion; a member's name ("Paternotte", "Jan Paternotte", "J.M. Paternotte", "van der Burg") finds
every motion the member signed, and a party ("D66") every motion its members signed — exactly what
the submitter and party filters (and their facet counts) give. When the query names a member or a
party, the text is not searched as well, so the search and the facet count agree.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.utils.text import slugify

from .keys import InvalidKey, parse_key
from .models import Member, Party, Sponsorship

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
    include: list[str] = []
    exclude: list[str] = []
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
    key = as_key(q)
    if key is not None:
        return queryset.filter(kamerstuk__key=key).annotate(rank=Value(1.0, output_field=FloatField()))
    named, someone = named_by(q)
    if is_postgres():
        query = postgres_query(q)
        text = Q(search_vector=query) if query is not None else Q(pk__in=[])
        rank = SearchRank(F("search_vector"), query) if query is not None else Value(0.0, output_field=FloatField())
    else:
        include, exclude = _fallback_terms(q)
        text = Q(pk__in=[]) if not include and not exclude else Q()
        for word in include:
            text &= Q(title__icontains=word) | Q(text__icontains=word) | Q(kamerstuk__key__icontains=word)
        for word in exclude:
            text &= ~(Q(title__icontains=word) | Q(text__icontains=word))
        rank = Value(0.0, output_field=FloatField())
    # A query that names a member or party means their motions; else the words are searched.
    return queryset.filter(named | (text & ~someone)).annotate(rank=rank)


_KEY_LEAD = re.compile(r"^(?:de\s+)?motie\s+", re.IGNORECASE)


def as_key(q: str) -> str | None:
    """The key ``q`` spells ("35 207, nr. 83", "kst-35207-83", "motie 35207 nr. 83"), else None."""
    for text in (q, _KEY_LEAD.sub("", q)):
        try:
            return str(parse_key(text))
        except InvalidKey:
            continue
    return None


_NAME_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ.'’-]+$")


def named_by(q: str) -> tuple[Q, Q]:
    """(motions signed by the member or party ``q`` names, whether anyone by that name exists).

    Names are compared without case: the surname with its tussenvoegsel ("van der burg") or
    without, optionally after a first name ("Jan") or initials ("J.M."), which must then fit
    the member's roepnaam or first initial. A party by abbreviation, name or slug. No queries run
    here: both come back as subqueries of the search's own query."""
    words = q.split()
    members = Member.objects.none()
    if words and len(words) <= 6 and all(_NAME_WORD.match(w) for w in words):
        people = Q(pk__in=[])
        for split in (0, 1):
            if split >= len(words):
                continue
            lead, name = words[:split], " ".join(words[split:]).lower()
            match = Q(lfull=name) | Q(lsurname=name)
            if lead:
                first = lead[0]
                if "." in first:
                    match &= Q(initials__iexact=first) | Q(initials__istartswith=first.split(".")[0] + ".")
                else:
                    match &= Q(first_name__iexact=first) | Q(initials__istartswith=first[:1] + ".")
            people |= match
        # Over the members (hundreds), not the sponsorships: the names are computed for few rows.
        members = Member.objects.annotate(lfull=Lower(Concat("tussenvoegsel", Value(" "), "surname")), lsurname=Lower("surname")).filter(people)
    signers = Sponsorship.objects.filter(member__in=members.values("pk"))
    parties = Party.objects.filter(Q(abbreviation__iexact=q) | Q(name__iexact=q) | Q(slug=slugify(q)[:60] or "-"))
    party_signers = Sponsorship.objects.filter(Q(party__in=parties) | Q(party__isnull=True, member__party__in=parties))
    named = Q(pk__in=signers.values("motion_id")) | Q(pk__in=party_signers.values("motion_id"))
    someone = Exists(members) | Exists(parties)
    return named, someone


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
    first = min(positions) if positions else 0
    start = max(first - width // 3, 0)
    end = min(start + width, len(text))
    # Whole words only: start after a space, end before one (never past the first match).
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first + 1)
        start = space + 1 if space >= 0 else text.rfind(" ", 0, first) + 1
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    window = text[start:end].strip()
    for word in sorted(set(include), key=len, reverse=True):
        window = re.sub(rf"(?i)\b({re.escape(word)}[\wÀ-ÿ]*)", "\u0001\\1\u0002", window)
    return ("… " if start else "") + window + (" …" if end < len(text) else "")
