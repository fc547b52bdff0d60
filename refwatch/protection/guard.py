"""Protection as the record asks for it (refwatch.knowledge.pseudonyms): the names an extraction
found become protected persons, and facts carry their pseudonyms. Installed by the app's ready()."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from refwatch.protection import names, personal_names
from refwatch.protection.models import Person


class PersonNames:
    # Through the modules, not names bound at import: whatever protection is now is what runs.
    def names_in(self, extraction: Any, text: str) -> list[str]:
        return personal_names.document_names(extraction, text)

    def protect(self, found: Iterable[str]) -> list[int]:
        return [person.pk for person in names.protect_names(found)]

    def note_source(self, people: list[int], document: int) -> None:
        names.note_source(Person.objects.filter(pk__in=people), document)

    def pseudonymise(self, text: str) -> str:
        return names.redact(text, None)

    def withholds(self, text: str, user: Any) -> bool:
        return bool(names.hidden(text, user))

    def state(self) -> object | None:
        return names.index_state()
