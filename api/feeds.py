"""Atom feeds for people who follow a motion, dossier, member, ministry or search in a feed reader.

Entries are change-feed events (``motions.Event``): status changes, responses found in letters,
reviews, assignments. The search feed lists the matching motions, newest change first. Each
feed is one or two queries whatever its length.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed

from motions.keys import InvalidKey, parse_dossier_key, parse_key
from motions.models import Dossier, Event, Member, Ministry, Motion, Sponsorship, Status
from motions.search import normalise_query, search_motions

ENTRIES = 50
FEED_MAX_AGE = 60


def _tag(what: str) -> str:
    """A stable, unique Atom id (RFC 4151 tag URI) that does not change when the site moves."""
    host = urlparse(settings.SITE_URL).hostname or "motietracker"
    return f"tag:{host},2025:{what}"


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else (value or "—")


class EventFeed(Feed):
    """The common part: entries are events, newest first."""

    feed_type = Atom1Feed
    subtitle = "Wat gebeurde er met deze moties? Statuswijzigingen en antwoorden van de regering."

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def events(self) -> QuerySet:
        return Event.objects.select_related("motion__kamerstuk", "commitment", "status_change").order_by("-seq")

    def item_title(self, event: Event) -> str:
        subject = self._subject(event)
        payload = event.payload or {}
        if event.kind == Event.Kind.STATUS_CHANGED:
            return f"{subject}: {_status_label(payload.get('old', ''))} → {_status_label(payload.get('new', ''))}"
        if event.kind in (Event.Kind.RESPONSE_ADDED, Event.Kind.RESPONSE_CONFIRMED, Event.Kind.RESPONSE_REJECTED) and payload.get("letter"):
            return f"{subject}: {event.get_kind_display()} — {payload['letter']}"
        return f"{subject}: {event.get_kind_display()}"

    def item_description(self, event: Event) -> str:
        payload = event.payload or {}
        parts = [str(payload.get(name)) for name in ("title", "reason", "excerpt") if payload.get(name)]
        return "\n\n".join(parts)

    def item_link(self, event: Event) -> str:
        if event.motion is not None:
            return f"/moties/{event.motion.kamerstuk.key}/"
        if event.commitment_id is not None:
            return f"/toezeggingen/{event.commitment_id}/"
        if event.letter_id is not None:
            return f"/brieven/{event.letter_id}/"
        return "/"

    def item_guid(self, event: Event) -> str:
        return _tag(f"event:{event.seq}")

    item_guid_is_permalink = False

    def item_pubdate(self, event: Event):
        return event.at

    def item_updateddate(self, event: Event):
        return event.at

    def item_categories(self, event: Event) -> list[str]:
        return [event.kind]

    @staticmethod
    def _subject(event: Event) -> str:
        if event.motion is not None:
            return f"Motie {event.motion.kamerstuk.key}"
        if event.commitment is not None:
            return f"Toezegging {event.commitment.number or event.commitment_id}"
        return (event.payload or {}).get("key") or "Motietracker"


class ChangesFeed(EventFeed):
    title = "Motietracker: alle wijzigingen"
    link = "/"

    def feed_guid(self, obj) -> str:
        return _tag("changes")

    def items(self) -> list[Event]:
        return list(self.events()[:ENTRIES])


class MotionFeed(EventFeed):
    def get_object(self, request: HttpRequest, key: str) -> Motion:
        try:
            parsed = parse_key(key)
        except InvalidKey as exc:
            raise Http404(str(exc))
        return get_object_or_404(Motion.objects.select_related("kamerstuk"), kamerstuk__key=str(parsed))

    def title(self, motion: Motion) -> str:
        return f"Motie {motion.kamerstuk.key}: {motion.title[:150]}"

    def link(self, motion: Motion) -> str:
        return f"/moties/{motion.kamerstuk.key}/"

    def feed_guid(self, motion: Motion) -> str:
        return _tag(f"motion:{motion.kamerstuk.key}")

    def items(self, motion: Motion) -> list[Event]:
        return list(self.events().filter(motion=motion)[:ENTRIES])


class DossierFeed(EventFeed):
    def get_object(self, request: HttpRequest, key: str) -> Dossier:
        try:
            number, toevoeging = parse_dossier_key(key)
        except InvalidKey as exc:
            raise Http404(str(exc))
        if int(number) > 2_147_483_647:
            raise Http404("no such dossier")
        return get_object_or_404(Dossier, number=int(number), toevoeging=toevoeging)

    def title(self, dossier: Dossier) -> str:
        return f"Dossier {dossier.key}: {dossier.title[:150]}".rstrip(": ")

    def link(self, dossier: Dossier) -> str:
        return f"/dossiers/{dossier.key}/"

    def feed_guid(self, dossier: Dossier) -> str:
        return _tag(f"dossier:{dossier.key}")

    def items(self, dossier: Dossier) -> list[Event]:
        return list(self.events().filter(motion__kamerstuk__dossier=dossier)[:ENTRIES])


class MemberFeed(EventFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Member:
        return get_object_or_404(Member, slug=slug)

    def title(self, member: Member) -> str:
        return f"Moties van {member.full_name}"

    def link(self, member: Member) -> str:
        return f"/leden/{member.slug}/"

    def feed_guid(self, member: Member) -> str:
        return _tag(f"member:{member.slug}")

    def items(self, member: Member) -> list[Event]:
        submitted = Exists(Sponsorship.objects.filter(motion_id=OuterRef("motion_id"), member=member))
        return list(self.events().filter(submitted)[:ENTRIES])


class MinistryFeed(EventFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Ministry:
        return get_object_or_404(Ministry, slug=slug)

    def title(self, ministry: Ministry) -> str:
        return f"Moties en toezeggingen: {ministry.name}"

    def link(self, ministry: Ministry) -> str:
        return f"/ministeries/{ministry.slug}/"

    def feed_guid(self, ministry: Ministry) -> str:
        return _tag(f"ministry:{ministry.slug}")

    def items(self, ministry: Ministry) -> list[Event]:
        return list(self.events().filter(Q(motion__ministry=ministry) | Q(commitment__ministry=ministry))[:ENTRIES])


class SearchFeed(Feed):
    """Motions matching ``?q=``, the most recently changed first: a saved search in a feed reader."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not normalise_query(request.GET.get("q")):
            return HttpResponseBadRequest("q is required: /feeds/search.atom?q=woorden", content_type="text/plain; charset=utf-8")
        if "\x00" in request.GET.get("q", ""):
            return HttpResponseBadRequest("q contains a NUL character", content_type="text/plain; charset=utf-8")
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def get_object(self, request: HttpRequest) -> str:
        return normalise_query(request.GET.get("q"))

    def title(self, q: str) -> str:
        return f"Moties over ‘{q}’"

    def link(self, q: str) -> str:
        return "/moties/?" + urlencode({"q": q})

    def feed_guid(self, q: str) -> str:
        return _tag("search:" + urlencode({"q": q}))

    def items(self, q: str) -> list[Motion]:
        return list(search_motions(Motion.objects.select_related("kamerstuk"), q).order_by("-updated_at", "-id")[:ENTRIES])

    def item_title(self, motion: Motion) -> str:
        status = f" — {motion.get_status_display()}" if motion.status else ""
        return f"{motion.kamerstuk.key}: {motion.title[:200]}{status}"

    def item_description(self, motion: Motion) -> str:
        return motion.text[:1000]

    def item_link(self, motion: Motion) -> str:
        return f"/moties/{motion.kamerstuk.key}/"

    def item_guid(self, motion: Motion) -> str:
        return _tag(f"motion:{motion.kamerstuk.key}")

    item_guid_is_permalink = False

    def item_updateddate(self, motion: Motion):
        return motion.updated_at

    def item_pubdate(self, motion: Motion):
        return motion.updated_at
