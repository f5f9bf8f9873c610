"""Staff review of suggested responses: confirm or reject that a letter answers a motion.

Admin actions, the API and the review queue all call these functions. Confirming can record a
status change in the same step, with the citation as its source; the workflow service checks the
transition, the staff member's ministry and the version, exactly as on every other route.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from motions.events import emit
from motions.models import Event
from motions.services import NotAllowed, assign, can_change, record_status

from .ingest import LetterError, suggestion_body
from .models import Citation, refresh_answered_on


class ReviewError(LetterError):
    """A review that cannot be done (not a response, unknown citation)."""


def _subject(citation: Citation):
    if citation.target == Citation.Target.MOTION and citation.kamerstuk_id:
        return getattr(citation.kamerstuk, "motion", None)
    if citation.target == Citation.Target.COMMITMENT:
        return citation.commitment
    return None


def _review(
    citation: Citation | int,
    *,
    to: str,
    by,
    status: str | None = None,
    reason: str = "",
    expected_version: int | None = None,
    deadline: dt.date | None = None,
    accept: bool = False,
) -> Citation:
    pk = citation if isinstance(citation, int) else citation.pk
    with transaction.atomic():
        try:
            locked = Citation.objects.select_for_update(of=("self",)).select_related("letter", "kamerstuk__motion", "commitment").get(pk=pk)
        except Citation.DoesNotExist:
            raise ReviewError(f"citation {pk} does not exist")
        if not locked.is_response:
            raise ReviewError(f"citation {pk} names a paper, not a motion or commitment: there is nothing to confirm")
        subject = _subject(locked)
        if subject is not None and not can_change(by, subject):
            raise NotAllowed(f"{by or 'anoniem'} mag antwoorden op dit item niet beoordelen", item=subject)
        if accept:
            status, reason, deadline = _accepted_change(locked, subject, reason)
            if status is None and deadline is not None and subject is not None:
                assign(subject, by=by, deadline=deadline, expected_version=expected_version)
        accepted = _accepted(locked, status, accept)
        if accepted is not None and locked.suggestion_accepted != accepted:
            locked.suggestion_accepted = accepted
            locked.save(update_fields=["suggestion_accepted"])
        if locked.review != to:
            locked.review = to
            locked.reviewed_by = by if getattr(by, "pk", None) else None
            locked.reviewed_at = timezone.now()
            locked.save(update_fields=["review", "reviewed_by", "reviewed_at"])
            kind = Event.Kind.RESPONSE_CONFIRMED if to == Citation.Review.CONFIRMED else Event.Kind.RESPONSE_REJECTED
            if status and subject is not None:
                if not reason:
                    reason = f"Volgens de brief '{locked.letter}'" + (f" van {locked.letter.date:%d-%m-%Y}" if locked.letter.date else "")
                record_status(subject, to=status, by=by, reason=reason, citation=locked, expected_version=expected_version, deadline=deadline)
            emit(
                kind,
                motion=subject if citation_is_motion(locked) else None,
                commitment=subject if locked.target == Citation.Target.COMMITMENT else None,
                citation_id=locked.pk,
                letter_id=locked.letter_id,
                payload={
                    "key": locked.key,
                    "letter": str(locked.letter),
                    "excerpt": locked.excerpt[:500],
                    "review": to,
                    "by": str(by) if by else "",
                    "suggested_status": locked.suggested_status,
                    "suggestion_accepted": locked.suggestion_accepted,
                    "suggestion": suggestion_body(locked),
                    "status": status,
                },
            )
            refresh_answered_on(papers=[locked.kamerstuk_id], commitments=[locked.commitment_id])
        elif status and subject is not None:
            # Already confirmed earlier; a status can still be recorded from it.
            record_status(subject, to=status, by=by, reason=reason or f"Volgens de brief '{locked.letter}'", citation=locked, expected_version=expected_version, deadline=deadline)
    return locked


def _evidence_words(citation: Citation) -> str:
    text = citation.letter.text or ""
    words = [text[e["start"] : e["end"]] for e in citation.suggestion_evidence if e.get("label") == citation.suggested_status]
    return " … ".join(w.strip() for w in words[:3] if w.strip())


def _accepted_change(citation: Citation, subject, reason: str) -> tuple[str | None, str, dt.date | None]:
    """The status and deadline a suggestion proposes, and the reason that quotes the letter."""
    label = citation.suggested_status
    if label in ("", Citation.Suggestion.GEEN):
        raise ReviewError("deze verwijzing heeft geen voorgestelde status om over te nemen")
    words = _evidence_words(citation)
    date = f" van {citation.letter.date:%d-%m-%Y}" if citation.letter.date else ""
    reason = reason or f"Volgens de brief '{citation.letter}'{date}" + (f": “{words}”" if words else "")
    deadline = citation.suggested_deadline
    if label == Citation.Suggestion.UITSTEL:
        return None, reason, deadline  # a deferral moves the deadline, not the status
    if subject is not None and subject.status == label:
        return None, reason, deadline
    return label, reason, deadline


def _accepted(citation: Citation, status: str | None, accept: bool) -> bool | None:
    """Whether staff took the suggestion: yes when accepted or when they chose the same status."""
    if accept:
        return True
    if status and citation.suggested_status and citation.suggested_status != Citation.Suggestion.GEEN:
        return status == citation.suggested_status
    return None


def accept_suggestion(citation: Citation | int, *, by, expected_version: int | None = None) -> Citation:
    """One click: confirm the response and record what the letter says — the status (with the
    proposed deadline) or, for a deferral, the new deadline — with the citation as the source."""
    return _review(citation, to=Citation.Review.CONFIRMED, by=by, accept=True, expected_version=expected_version)


def citation_is_motion(citation: Citation) -> bool:
    return citation.target == Citation.Target.MOTION and citation.kamerstuk_id is not None and hasattr(citation.kamerstuk, "motion")


def confirm_response(citation: Citation | int, *, by, status: str | None = None, reason: str = "", expected_version: int | None = None, deadline: dt.date | None = None) -> Citation:
    """Staff agree the letter answers the cited motion or commitment; optionally record the status
    the letter reports, with the citation as its source, in the same transaction."""
    return _review(citation, to=Citation.Review.CONFIRMED, by=by, status=status, reason=reason, expected_version=expected_version, deadline=deadline)


def reject_response(citation: Citation | int, *, by) -> Citation:
    """Staff say the letter does not answer it (a mere mention); the motion page stops listing it."""
    return _review(citation, to=Citation.Review.REJECTED, by=by)
