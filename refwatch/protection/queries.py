"""Reading people and the audit log through the same door as the record.

`PeopleReader` is refwatch.knowledge.queries.Reader with what only protection knows: the people
named in the record (everyone with a role sees their pseudonyms; protection officers and the
users or groups a person names see who they are) and the audit log (admins only).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from refwatch.knowledge.queries import Reader
from refwatch.protection.models import AuditEntry, Person
from refwatch.protection.names import named_access
from refwatch.roles import ADMIN, PROTECTION_OFFICER


class PeopleReader(Reader):
    def people(self, **filters: Any) -> QuerySet[Person]:
        """Every person, by pseudonym, for any role; nobody for the public."""
        qs = Person.objects.filter(**filters)
        return qs if self.roles else qs.none()

    def person(self, number: Any) -> Person | None:
        try:
            return self.people(number=int(number)).first()
        except (TypeError, ValueError, OverflowError):
            return None

    @property
    def identifies_everyone(self) -> bool:
        return self.may(PROTECTION_OFFICER)

    @property
    def identifies_by_name(self) -> bool:
        """Whether some person is named to this reader (a user or group a person names), so that
        what they see of the record is their own, not their roles' alone."""
        # The persons themselves, not whether there are any: redaction reads the same list of the
        # same user object, so one query serves both (none when they were read with the user).
        return bool(named_access(self.user))

    def identifies(self, person: Person) -> bool:
        """True when this reader may see who `person` is, not only the pseudonym."""
        if self.identifies_everyone:
            return True
        user = self.user
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return (
            Person.objects.filter(pk=person.pk)
            .filter(Q(allowed_users=user) | Q(allowed_groups__in=user.groups.all()))
            .exists()
        )

    def audit(self, **filters: Any) -> QuerySet[AuditEntry]:
        """The audit log, newest first: admins only (anyone else reads nothing)."""
        qs = AuditEntry.objects.filter(**filters)
        return qs if self.may(ADMIN) else qs.none()
