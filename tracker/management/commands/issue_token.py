"""``manage.py issue_token USERNAME [--expires-days N] [--name NAME]``: print a new API token once."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print its secret. The secret is stored only as a hash: it is shown this once."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--expires-days", type=int, default=None, help="Days until the token stops working (default: never).")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'zaaksysteem'.")

    def handle(self, *args, username: str, expires_days: int | None, name: str, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is not active")
        if expires_days is not None and not 1 <= expires_days <= 3650:
            raise CommandError("--expires-days must be from 1 to 3650")
        if len(name) > 100:
            raise CommandError("--name is at most 100 characters")
        expires_at = timezone.now() + dt.timedelta(days=expires_days) if expires_days else None
        token, secret = ApiToken.issue(user, name=name, expires_at=expires_at)
        # The secret alone on stdout, so `TOKEN=$(manage.py issue_token bob)` works; the rest to stderr.
        self.stderr.write(f"Token {token.prefix}… for {user} ({'expires ' + expires_at.isoformat(timespec='minutes') if expires_at else 'no expiry'}). It will not be shown again.")
        self.stdout.write(secret)
