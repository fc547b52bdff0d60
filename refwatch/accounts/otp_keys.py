"""TOTP secrets encrypted at rest, like personal fields.

django-otp keeps each device's secret as hex in `TOTPDevice.key`; anyone reading the database
could then make valid codes. Here the column holds "enc:" + base64 of the secret sealed with the
"otp" data key (protection.crypto), bound to the device's user, and the model instance holds the
hex secret only in memory: decrypted when loaded, sealed again on every save. A secret written
before this (plain hex) is read as it is and sealed at its next save.
"""

from __future__ import annotations

import base64
from typing import Any

from django.db.models.signals import post_init, post_save, pre_save
from django_otp.plugins.otp_totp.models import TOTPDevice

from refwatch.protection import crypto

PREFIX = "enc:"
SCOPE = "otp"


def _aad(device: TOTPDevice) -> str:
    return f"otp_totp_totpdevice.key:user:{device.user_id}"


def seal_key(device: TOTPDevice, hex_key: str) -> str:
    sealed = crypto.seal(SCOPE, bytes.fromhex(hex_key), _aad(device))
    return PREFIX + base64.b64encode(sealed).decode("ascii")


def open_key(device: TOTPDevice, stored: str) -> str:
    return crypto.unseal(base64.b64decode(stored[len(PREFIX) :]), _aad(device)).hex()


def _loaded(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if isinstance(instance.key, str) and instance.key.startswith(PREFIX):
        instance.key = open_key(instance, instance.key)


def _saving(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.key.startswith(PREFIX):
        return
    instance._refwatch_plain_key = instance.key  # type: ignore[attr-defined]
    instance.key = seal_key(instance, instance.key)


def _saved(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    plain = getattr(instance, "_refwatch_plain_key", None)
    if plain is not None:
        instance.key = plain
        del instance._refwatch_plain_key  # type: ignore[attr-defined]


def connect() -> None:
    post_init.connect(_loaded, sender=TOTPDevice, dispatch_uid="refwatch-otp-key-open")
    pre_save.connect(_saving, sender=TOTPDevice, dispatch_uid="refwatch-otp-key-seal")
    post_save.connect(_saved, sender=TOTPDevice, dispatch_uid="refwatch-otp-key-restore")
