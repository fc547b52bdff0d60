"""What an admin decides about an account beyond Django's User: whether it must use 2FA."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccountPolicy(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy")
    require_2fa = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"policy of user #{self.user_id}"


class ApiToken(models.Model):
    """A key for scripts that call the API as a user (`Authorization: Bearer …`).

    Only the key's SHA-256 is stored: a copy of the database gives no working key. The key is a
    random 256-bit string, so a plain hash suffices (no password stretching is needed).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)  # shown in lists so that a token can be told apart
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.prefix}… of user #{self.user_id}"
