"""Motions a letter names without their number, and which motion each one is.

Pure (no Django, no I/O), like citations.py: ``find_motion_mentions(text, refs)`` finds "de
motie-Van Campen c.s. over de defensie-industrie" and "de motie van het lid De Lange over …" where
no number follows in the same sentence (nor a footnote marker, whose note carries the number);
``rank(mention, candidates, …)`` scores the motions a caller fetched for it, and ``decide`` turns
the ranking into a proposal with a confidence and the runner-up.

A wrong link costs more than a missing one, so ``decide`` proposes only when the best candidate
is both good and clearly ahead of the next; otherwise the mention stays unresolved, for staff.

Scoring, each part in [0, 1], weighted (weights in ``WEIGHTS``):

* submitters: the named members are the motion's submitters; the first named is its indiener;
* subject: words of "over …" (or, without it, of the sentence) that the motion's title and text
  carry, weighted by how rare the word is among the candidates (a word every candidate has tells
  nothing apart);
* dossier: the motion is in a dossier the letter cites or is filed under;
* adopted: letters report on adopted motions;
* date: the motion was submitted before the letter (a motion after the letter is dropped).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from letters.reading.citations import Reference
from letters.reading.names import _CS, _H, _HY, _LID, _NAMES_L, _NAMES_M, _SPLIT_L, _SPLIT_M, _names

__all__ = ["Candidate", "Decision", "Mention", "THRESHOLD", "decide", "find_motion_mentions", "rank", "words"]

# Below this confidence nothing is linked; the mention is listed for staff.
THRESHOLD = 0.6
# The best must lead the runner-up by this much (in score) to be proposed at all.
MARGIN = 0.12
WEIGHTS = {"submitters": 0.45, "subject": 0.35, "dossier": 0.1, "adopted": 0.05, "recent": 0.05}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    submitters: tuple[str, ...]
    subject: str  # the words after "over", or "" when the letter gives none
    context: str  # the sentence, for subject words when there is no "over"
    plural: bool


@dataclass(frozen=True)
class Candidate:
    """A motion as the resolver sees it; the caller fills it from the database."""

    key: str
    title: str
    text: str
    submitters: tuple[str, ...]  # surnames with tussenvoegsel, indiener first
    dossier: str  # "35207", "36600-V"
    submitted_on: dt.date | None
    adopted: bool


@dataclass(frozen=True)
class Decision:
    best: Candidate | None
    confidence: float
    runner_up: Candidate | None
    runner_up_confidence: float
    resolved: bool  # whether ``best`` is proposed (confidence >= THRESHOLD and clearly ahead)
    scores: dict[str, float] = field(default_factory=dict)  # the parts of the best's score


# --- finding -------------------------------------------------------------------------------------

_MENTION = re.compile(
    rf"""(?<!\w)(?P<word>[Mm]otie(?P<pl>s)?)
    (?:(?:{_HY}|{_H}++)(?P<m>{_NAMES_M}){_CS}?
      | {_H}*+,?{_H}*+{_LID}{_H}++(?P<l>{_NAMES_L}){_CS}?)
    (?P<over>,?{_H}++(?:over|inzake|betreffende|om){_H}++(?P<subject>[^.;:!?()\[\]\n]{{3,200}}))?""",
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9\[]|\s*\Z)|\n\s*\n")
_MARKER = re.compile(r"\[footnoteRef:\d+\]|\[\^\d+\]")
# A subject stops at the next clause: "over X, die de regering verzoekt …", "over X en heeft …".
_SUBJECT_STOP = re.compile(r",\s|\s(?:heeft|hebben|is|zijn|wordt|worden|zal|zullen|kan|die|dat|waarin|waarmee)\s")


def find_motion_mentions(text: str, refs: Sequence[Reference] = ()) -> list[Mention]:
    """Mentions of motions by their submitters with no number in their sentence."""
    if not isinstance(text, str) or not text:
        return []
    cited = sorted(r.start for r in refs)
    out: list[Mention] = []
    for m in _MENTION.finditer(text):
        end_m = _SENTENCE_END.search(text, m.end())
        sentence_end = end_m.start() if end_m else len(text)
        if _MARKER.search(text, m.start(), sentence_end):
            continue  # the footnote carries the number; the parser and the hint read it there
        if any(m.start() <= s < sentence_end for s in cited):
            continue  # a number follows in the sentence: the parser linked it
        names = _names(m["m"], _SPLIT_M) if m["m"] else _names(m["l"], _SPLIT_L)
        subject = m["subject"] or ""
        stop = _SUBJECT_STOP.search(subject)
        if stop is not None:
            subject = subject[: stop.start()]
        start_s = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1, 0)
        end = m.end("subject") if m["subject"] else m.end()
        if m["subject"] and stop is not None:
            end = m.start("subject") + len(subject)
        out.append(
            Mention(m.start(), end, names, subject.strip(), text[start_s:sentence_end].strip(), m["pl"] is not None)
        )
    return out


# --- ranking -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset(
    """motie moties verzoekt regering kamer gehoord beraadslaging constaterende overwegende gaat over orde
    van het lid leden zijn deze door naar voor met niet ook bij alle meer waar worden wordt heeft hebben
    over zich tussen daarbij daarom mogelijk onder andere rond inzake zoals binnen tijdens nederland
    nederlandse kabinet minister staatssecretaris""".split()
)


def words(text: str) -> set[str]:
    """Content words, lower case, with a crude Dutch stem (plural and inflection endings off)."""
    out = set()
    for w in _WORD.findall(text.lower()):
        if w in _STOP:
            continue
        for suffix in ("ingen", "en", "e", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return out


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _name_match(named: str, submitters: Sequence[str]) -> int | None:
    """Index of the submitter ``named`` is, or None. "Dijkstra" matches "Remco Dijkstra" and
    "Pia Dijkstra" alike; the subject has to tell those apart."""
    n = _norm(named)
    for i, s in enumerate(submitters):
        t = _norm(s)
        if n == t or t.endswith(" " + n) or n.endswith(" " + t):
            return i
    return None


def _submitter_score(mention: Mention, c: Candidate) -> float:
    if not mention.submitters or not c.submitters:
        return 0.0
    hits = [_name_match(n, c.submitters) for n in mention.submitters]
    if any(h is None for h in hits):
        return 0.0  # a named member who did not submit it: another motion
    score = 0.7
    if hits[0] == 0:
        score += 0.2  # the first named is the indiener
    if len(mention.submitters) > 1 or len(c.submitters) == 1:
        score += 0.1  # all of them named, or the motion had one submitter
    return min(score, 1.0)


def rank(
    mention: Mention,
    candidates: Sequence[Candidate],
    *,
    letter_date: dt.date | None = None,
    letter_dossiers: frozenset[str] = frozenset(),
) -> list[tuple[Candidate, float, dict[str, float]]]:
    """Candidates with their score and its parts, best first; motions after the letter are dropped."""
    pool = [c for c in candidates if not (letter_date and c.submitted_on and c.submitted_on > letter_date)]
    if not pool:
        return []
    subject_words = words(mention.subject or mention.context)
    doc_words = {c.key: words(f"{c.title} {c.text}") for c in pool}
    # Inverse document frequency among the candidates: a word all of them have decides nothing.
    idf = {w: math.log((1 + len(pool)) / (1 + sum(w in d for d in doc_words.values()))) + 0.1 for w in subject_words}
    total = sum(idf.values()) or 1.0
    newest = max((c.submitted_on for c in pool if c.submitted_on), default=None)
    out = []
    for c in pool:
        parts = {
            "submitters": _submitter_score(mention, c),
            "subject": sum(idf[w] for w in subject_words & doc_words[c.key]) / total if subject_words else 0.0,
            "dossier": 1.0 if c.dossier in letter_dossiers else 0.0,
            "adopted": 1.0 if c.adopted else 0.0,
            "recent": 1.0 if newest and c.submitted_on and (newest - c.submitted_on).days <= 365 else 0.0,
        }
        if parts["submitters"] == 0.0:
            continue  # the members named are what a mention is; without them it is no candidate
        out.append((c, sum(WEIGHTS[k] * v for k, v in parts.items()), parts))
    out.sort(key=lambda item: (-item[1], item[0].key))
    return out


def decide(ranked: Sequence[tuple[Candidate, float, dict[str, float]]], *, has_subject: bool) -> Decision:
    """Propose the best candidate when it is good and clearly ahead of the runner-up.

    The confidence is the best's score, reduced when the runner-up is close: two motions by the
    same member about the same thing cannot be told apart by the letter's words.
    """
    if not ranked:
        return Decision(None, 0.0, None, 0.0, False)
    best, score, parts = ranked[0]
    runner, runner_score = (ranked[1][0], ranked[1][1]) if len(ranked) > 1 else (None, 0.0)
    lead = score - runner_score
    confidence = score if runner is None else score * min(1.0, 0.5 + lead / (2 * MARGIN))
    # Without "over …" only the sentence's words tell motions of one member apart: they must
    # set the best further ahead ("de motie Boswijk is afgedaan" with three Boswijk motions: none).
    margin = MARGIN if has_subject else 2 * MARGIN
    confidence = round(min(confidence, 1.0), 3)
    runner_conf = round(min(runner_score, confidence), 3) if runner is not None else 0.0
    resolved = confidence >= THRESHOLD and (runner is None or lead >= margin)
    return Decision(best, confidence, runner, runner_conf, resolved, parts)


# --- measuring -----------------------------------------------------------------------------------


def evaluate(labelled: dict) -> dict:
    """Precision and recall of finding and resolving the labelled mentions (see
    tests/letters/mentions_labelled.json). A link to the wrong motion, or any link where the gold
    is null, counts against precision; a gold motion not linked counts against recall."""
    from letters.reading.citations import extract_references, merge_known_names

    rows = []
    for name, letter in labelled["letters"].items():
        date = dt.date.fromisoformat(letter["date"])
        pool = [
            Candidate(
                key=p["key"],
                title=p["title"],
                text=p.get("text", ""),
                submitters=tuple(p["submitters"]),
                dossier=p["key"].rsplit("-", 1)[0],
                submitted_on=dt.date.fromisoformat(p["submitted_on"]) if p.get("submitted_on") else None,
                adopted=bool(p.get("adopted")),
            )
            for p in letter["pool"]
        ]
        members = {_norm(s) for p in pool for s in p.submitters}
        for item in letter["mentions"]:
            text = item["text"]
            found = find_motion_mentions(text, extract_references(text))
            linked = None
            decision = None
            if found:
                mention = found[0]
                merged = merge_known_names(mention.submitters, lambda n: _norm(n) in members)
                mention = Mention(mention.start, mention.end, merged, mention.subject, mention.context, mention.plural)
                ranked = rank(mention, pool, letter_date=date, letter_dossiers=frozenset(letter["dossiers"]))
                decision = decide(ranked, has_subject=bool(mention.subject))
                linked = decision.best.key if decision.resolved and decision.best and not mention.plural else None
            rows.append(
                {
                    "letter": name,
                    "text": text,
                    "gold": item["gold"],
                    "found": bool(found),
                    "linked": linked,
                    "confidence": decision.confidence if decision else 0.0,
                    "runner_up": decision.runner_up.key if decision and decision.runner_up else None,
                }
            )
    links = [r for r in rows if r["linked"]]
    correct = [r for r in links if r["linked"] == r["gold"]]
    gold = [r for r in rows if r["gold"]]
    return {
        "mentions": len(rows),
        "with_gold_motion": len(gold),
        "found": sum(r["found"] for r in rows),
        "links": len(links),
        "correct": len(correct),
        "wrong": len(links) - len(correct),
        "precision": round(len(correct) / len(links), 3) if links else 1.0,
        "recall": round(len(correct) / len(gold), 3) if gold else 1.0,
        "rows": rows,
    }
