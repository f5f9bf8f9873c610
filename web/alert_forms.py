"""The subscribe form behind the button on every page (templates/alerts/subscribe_button.html)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import SubjectKind, Subscription


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    language = forms.ChoiceField(label=_("Taal van de berichten"), choices=Subscription.Language.choices, initial=Subscription.Language.NL)
    frequency = forms.ChoiceField(label=_("Hoe vaak"), choices=Subscription.Frequency.choices, initial=Subscription.Frequency.IMMEDIATE)
    subject_kind = forms.ChoiceField(choices=SubjectKind.for_subscriptions())
    # A primary key, or for a search the motion list's query string.
    subject_id = forms.CharField(max_length=1000)
