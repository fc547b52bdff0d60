"""Consent per person and purpose: using a person's data for a purpose without it is refused."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from refwatch.protection.models import Consent, Person, Purpose


class ConsentRequired(PermissionDenied):
    """The person has not consented to this purpose; the message names the pseudonym, never the name."""

    def __init__(self, person: Person, purpose: str) -> None:
        self.person_pseudonym = person.pseudonym
        self.purpose = purpose
        label = Purpose(purpose).label if purpose in Purpose.values else purpose
        super().__init__(f"{person.pseudonym} has not consented to {label}: refused")


def record_consent(
    person: Person, purpose: str, granted: bool, by: Any = None, source: str = "", request: Any = None
) -> Consent:
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}; the purposes are: {', '.join(Purpose.values)}")
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        granted=granted,
        recorded_by=by if by and by.pk else None,
        source=source,
    )
    from refwatch.protection import audit

    audit.record(by, "consent", person, request, purpose=purpose, granted=granted)
    return consent


def has_consent(person: Person, purpose: str) -> bool:
    """The newest decision for this purpose; no decision means no consent."""
    latest = Consent.objects.filter(person=person, purpose=purpose).order_by("-recorded_at", "-pk").first()
    return bool(latest and latest.granted)


def require_consent(person: Person, purpose: str) -> None:
    """Raise ConsentRequired (a PermissionDenied: a 403 in a view) unless the person consented."""
    if purpose not in Purpose.values:
        raise ValueError(f"unknown purpose {purpose!r}; the purposes are: {', '.join(Purpose.values)}")
    if not has_consent(person, purpose):
        raise ConsentRequired(person, purpose)
