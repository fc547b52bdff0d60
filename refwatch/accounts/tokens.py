"""API tokens: issued on the command line, shown once, stored as their hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from refwatch.accounts.backends import access_columns, prime, user_column
from refwatch.accounts.models import ApiToken

PREFIX = "rwt_"
# last_used_at is written at most this often: a script calling in a loop must not turn every
# read into a write.
_TOUCH_EVERY = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the record and the key, which is not stored and not shown again."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=key[: len(PREFIX) + 4], key_hash=_hash(key)
    )
    return token, key


def user_for(key: str) -> Any | None:
    """The active user a live token belongs to, or None."""
    if not key.startswith(PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .annotate(**access_columns(user_column(ApiToken, "user")))
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    prime(token.user, token)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke(user: Any, prefix: str) -> int:
    """Revoke the user's live tokens shown as `prefix` (as `refwatch user tokens` lists them)."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, prefix=prefix.removesuffix("…"))
    return live.update(revoked_at=timezone.now())


class BearerToken(HttpBearer):
    """The API's `Authorization: Bearer <token>`: the call then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for(token)
        if user is not None:
            # Every view and visible() read request.user: the token's user is who is asking.
            request.user = user
        return user
