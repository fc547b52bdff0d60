"""Protection as the record asks for it (refwatch.knowledge.pseudonyms): the names an extraction
found become protected persons, and facts carry their pseudonyms. Installed by the app's ready()."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from refwatch.protection.names import extraction_names, protect_names, redact


class PersonNames:
    def names_in(self, extraction: Any) -> list[str]:
        return extraction_names(extraction)

    def protect(self, names: Iterable[str]) -> list[int]:
        return [person.pk for person in protect_names(names)]

    def pseudonymise(self, text: str) -> str:
        return redact(text, None)
