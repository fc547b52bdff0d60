"""A model field whose value is encrypted at rest and decrypted only when read.

The column holds `crypto.seal(...)` bytes; the Python value is a str, int, list or dict (JSON).
The associated data is "<table>.<column>:<row uid>", so a ciphertext copied to another row or
another column fails authentication instead of showing someone else's data. Decryption is lazy:
lists of records that show only pseudonyms never decrypt anything.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from refwatch.protection import crypto


class Sealed(bytes):
    """Bytes read from the database, not decrypted yet."""


def aad_for(instance: models.Model, field: models.Field) -> str:
    uid = getattr(instance, "uid", None)
    if not uid:
        raise crypto.DecryptionError(f"{type(instance).__name__} has no uid to bind its encrypted fields to")
    return f"{instance._meta.db_table}.{field.column}:{uid}"


class _Descriptor:
    def __init__(self, field: EncryptedField) -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.field.attname)
        if isinstance(value, Sealed):
            value = self.field.decode(crypto.unseal(value, aad_for(instance, self.field)))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        if isinstance(value, memoryview):
            value = Sealed(bytes(value))
        instance.__dict__[self.field.attname] = value


class EncryptedField(models.BinaryField):
    """An encrypted value; `scope` names the data key (one per table and purpose)."""

    descriptor_class = _Descriptor

    def __init__(self, *args: Any, scope: str = "person", **kwargs: Any) -> None:
        self.scope = scope
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs["editable"] = True
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        kwargs["scope"] = self.scope
        kwargs.pop("editable", None)
        return name, "refwatch.protection.fields.EncryptedField", args, kwargs

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def decode(self, raw: bytes) -> Any:
        return json.loads(raw.decode("utf-8"))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return Sealed(bytes(value))

    def to_python(self, value: Any) -> Any:
        return value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, Sealed):
            return bytes(value)  # unchanged since it was read: keep the ciphertext as it is
        return crypto.seal(self.scope, self.encode(value), aad_for(model_instance, self))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        if not isinstance(value, bytes | bytearray | memoryview):
            # Only pre_save's ciphertext may reach the database: never a plaintext by another path.
            raise TypeError("an encrypted field can only be saved through Model.save()")
        return super().get_db_prep_value(bytes(value), connection, prepared)

    def value_to_string(self, obj: models.Model) -> str:
        return "<encrypted>"


class EncryptedBlobField(EncryptedField):
    """Encrypted raw bytes (photos): no JSON around them."""

    def encode(self, value: Any) -> bytes:
        return bytes(value)

    def decode(self, raw: bytes) -> Any:
        return raw

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or value == b"":
            return None
        if isinstance(value, Sealed):
            return bytes(value)
        return crypto.seal(self.scope, self.encode(value), aad_for(model_instance, self))

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "refwatch.protection.fields.EncryptedBlobField", args, kwargs
