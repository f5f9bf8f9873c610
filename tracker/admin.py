"""API tokens in the admin: issue (the secret is shown once, on the page after saving), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, hash_secret, new_secret

# Rendered straight from the add view: the secret never passes through the message store or a redirect.
SHOW_ONCE = engines["django"].from_string(
    """{% extends "admin/base_site.html" %}{% load i18n %}
{% block content %}
<h1>{% translate "Nieuwe API-token" %}</h1>
<p>{% blocktranslate with user=token.user %}De token handelt namens <strong>{{ user }}</strong>, met diens rechten.{% endblocktranslate %}</p>
<p><strong>{% translate "Kopieer het geheim nu: het wordt niet opgeslagen en is hierna nooit meer te zien." %}</strong></p>
<p><code id="api-token-secret" style="font-size:1.2em;user-select:all">{{ secret }}</code></p>
<p>{% translate "Gebruik:" %} <code>Authorization: Bearer {{ secret }}</code></p>
<p><a href="{{ changelist }}">{% translate "Terug naar de tokens" %}</a></p>
{% endblock %}"""
)


class ApiTokenAddForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at", "active"]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The user and the secret are what a token is; changing them would be issuing a new one.
        return ["user", "prefix", "created_at", "last_used_at", "revoked_at"]

    @admin.display(boolean=True, description=_("actief"))
    def active(self, obj: ApiToken) -> bool:
        return obj.is_active

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if not change:
            secret = new_secret()
            obj.prefix, obj.digest = secret[:10], hash_secret(secret)
            request._new_api_token_secret = secret  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None) -> HttpResponse:
        secret = getattr(request, "_new_api_token_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        context = {**self.admin_site.each_context(request), "token": obj, "secret": secret, "changelist": "../", "title": _("Nieuwe API-token")}
        response = HttpResponse(SHOW_ONCE.render(context, request))
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Intrekken (de token werkt daarna niet meer)"))
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        n = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(n)d token(s) ingetrokken.") % {"n": n}, messages.SUCCESS)
