"""Columns that hold a confidential document's evidence sealed, and anything else in clear.

Why a field and not sealing in each writer: every reader (pages, API, merge, review) keeps reading
`document.text` or `statement.record` as before, because the value is opened in `from_db_value`;
and every writer seals, because the field seals in `pre_save`, which Django calls for the first
INSERT (create, save, bulk_create) and for every later save of the column. So no plaintext is
ever written first and sealed by an UPDATE after: SQLite would keep the old page contents in its
free pages and its write-ahead log.

Whether a row is sealed is decided by its model: `sealing_key()` returns the document's SHA-256
for a confidential document (and its statements), None otherwise. The column then holds

    sealed:v1:<sha256>:<part>:<base64 of refwatch.protection.sealed bytes>

with the document and the part ("document.text", "statement.quote", …) as associated data, so a
sealed value moved to another document or column fails to open. A plain value that happens to
begin with one of the markers is stored behind "escaped:", so hostile text can never pass for a
sealed value.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.db import models

SEALED = "sealed:v1:"
ESCAPED = "escaped:"


def _sealing_key(instance: models.Model) -> str | None:
    key = getattr(instance, "sealing_key", None)
    return key() if callable(key) else None


def seal(sha256: str, part: str, text: str) -> str:
    from refwatch.protection import sealed

    blob = base64.b64encode(sealed.seal_text(sha256, part, text)).decode("ascii")
    return f"{SEALED}{sha256}:{part}:{blob}"


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(SEALED)


def unseal(value: str) -> str:
    from refwatch.protection import sealed

    sha256, part, blob = value[len(SEALED) :].split(":", 2)
    return sealed.open_text(sha256, part, base64.b64decode(blob))


def _stored(instance: models.Model, field: models.Field, text: str) -> str:
    sha256 = _sealing_key(instance)
    if sha256:
        return seal(sha256, f"{instance._meta.model_name}.{field.name}", text)
    if text.startswith((SEALED, ESCAPED)):
        return ESCAPED + text
    return text


def _read(value: str) -> str:
    if value.startswith(SEALED):
        return unseal(value)
    if value.startswith(ESCAPED):
        return value[len(ESCAPED) :]
    return value


class SealedTextField(models.TextField):
    """Text, sealed when its row's `sealing_key()` says so; opened transparently when read."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        if isinstance(value, str) and value:
            return _stored(model_instance, self, value)
        return value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return _read(value) if isinstance(value, str) else value


class SealedJSONField(models.JSONField):
    """JSON, sealed as one JSON string when its row's `sealing_key()` says so; read back as the
    dict or list it was. (A sealed value cannot be queried by key: nothing queries these.)"""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = super().pre_save(model_instance, add)
        sha256 = _sealing_key(model_instance)
        if sha256 and value not in (None, {}, []):
            text = json.dumps(value, cls=self.encoder, ensure_ascii=False)
            return seal(sha256, f"{model_instance._meta.model_name}.{self.name}", text)
        if isinstance(value, str) and value.startswith((SEALED, ESCAPED)):
            return ESCAPED + value
        return value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        # Most of these columns hold nothing ("{}", "[]": a statement's edits, its outdated reading
        # and its places, a document's warnings and details): read without the JSON decoder, which
        # was a third of the time a list of incidents spent reading its 800 statements' columns.
        if value == "{}":
            return {}
        if value == "[]":
            return []
        value = super().from_db_value(value, expression, connection)
        if isinstance(value, str):
            if value.startswith(SEALED):
                return json.loads(unseal(value), cls=self.decoder)
            if value.startswith(ESCAPED):
                return value[len(ESCAPED) :]
        return value
