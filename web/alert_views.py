"""Subscribing, confirming and unsubscribing on the site (``/meldingen/…``). Works without JavaScript.

Confirming and unsubscribing change state only on POST: mail scanners and link previews open
links (GET) on their own, and must neither confirm a subscription nobody asked for nor end one.
The unsubscribe POST needs no CSRF token: mail providers send it for the one-click button
(RFC 8058), and it can only do what the secret in its URL allows.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from motions.keys import format_dossier_key
from motions.models import Dossier, Member, Ministry, Motion

from alerts import services
from web.alert_forms import SubscribeForm
from alerts.models import SubjectKind


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return ""


def _message(request: HttpRequest, title: str, text: str, *, status: int = 200, link: str = "", link_text: str = "") -> HttpResponse:
    return render(request, "alerts/message.html", {"title": title, "text": text, "link": link, "link_text": link_text}, status=status)


def index(request: HttpRequest) -> HttpResponse:
    """What can be followed and how: e-mail from the button on each page, Atom feeds, the API."""
    kinds = [label for value, label in SubjectKind.for_subscriptions()]
    return render(request, "alerts/index.html", {"kinds": kinds})


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = SubscribeForm(initial={"subject_kind": request.GET.get("subject_kind", ""), "subject_id": request.GET.get("subject_id", "")})
        return render(request, "alerts/subscribe.html", {"form": form, "subject_kind": form.initial["subject_kind"], "subject_id": form.initial["subject_id"], "next": _safe_next(request, request.GET.get("next"))})
    form = SubscribeForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next"))
    if form.is_valid():
        data = form.cleaned_data
        try:
            subject = services.subject_fields(data["subject_kind"], data["subject_id"], by_pk=True)
            services.subscribe(email=data["email"], subject=subject, language=data["language"], frequency=data["frequency"])
        except services.AlertError as exc:
            for name, messages in exc.fields.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
            if not exc.fields:
                form.add_error(None, exc.message)
        else:
            target = reverse("alerts-requested")
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
    context = {"form": form, "subject_kind": request.POST.get("subject_kind", ""), "subject_id": request.POST.get("subject_id", ""), "next": next_url}
    return render(request, "alerts/subscribe.html", context, status=400)


def requested(request: HttpRequest) -> HttpResponse:
    return _message(
        request,
        _("Kijk in uw mailbox"),
        _("Als het adres klopt, krijgt u zo een e-mail met een link om uw aanmelding te bevestigen. Pas daarna ontvangt u berichten."),
        link=_safe_next(request, request.GET.get("next")),
        link_text=_("Terug naar de pagina"),
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = services.subscription_for_confirmation(token)
    except services.LinkExpired as exc:
        return _message(request, _("Link verlopen"), exc.message, status=410)
    except services.AlertError as exc:
        return _message(request, _("Link ongeldig"), exc.message, status=400)
    if request.method == "GET":
        return render(request, "alerts/confirm.html", {"subscription": subscription, "subject_label": subscription.subject_label()})
    try:
        subscription = services.confirm(token)
    except services.AlertError as exc:
        return _message(request, _("Link ongeldig"), exc.message, status=400)
    return render(request, "alerts/confirmed.html", {"subscription": subscription, "subject_label": subscription.subject_label(), "subject_url": subscription.subject_url()})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = services.subscription_for_link(token)
    if subscription is None:
        raise Http404("no such subscription")
    if request.method == "GET":
        return render(request, "alerts/unsubscribe.html", {"subscription": subscription, "subject_label": subscription.subject_label()})
    services.unsubscribe(subscription)
    return _message(request, _("U bent afgemeld"), _("U krijgt geen berichten meer over %(subject)s.") % {"subject": subscription.subject_label()})


def feed(request: HttpRequest) -> HttpResponse:
    """The Atom feed of what the button is for: another way to follow it, without an address."""
    kind, subject_id = request.GET.get("subject_kind", ""), request.GET.get("subject_id", "")
    try:
        subject = services.subject_fields(kind, subject_id, by_pk=True)
    except services.AlertError:
        raise Http404("nothing to follow")
    item = next((v for k, v in subject.items() if k in ("motion", "dossier", "member", "ministry")), None)
    if kind == SubjectKind.SEARCH:
        if not subject["query"]:
            raise Http404("a feed needs search words")
        return redirect(reverse("feed-search") + "?" + urlencode({"q": subject["query"]}))
    if isinstance(item, Motion):
        return redirect("feed-motion", key=item.kamerstuk.key)
    if isinstance(item, Dossier):
        return redirect("feed-dossier", key=format_dossier_key(item.number, item.toevoeging))
    if isinstance(item, Member):
        return redirect("feed-member", slug=item.slug)
    if isinstance(item, Ministry):
        return redirect("feed-ministry", slug=item.slug)
    raise Http404("no feed for this subject")

