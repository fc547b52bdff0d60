"""What an admin decides about an account beyond Django's User: whether it must use 2FA."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AccountPolicy(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy")
    require_2fa = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"policy of user #{self.user_id}"
