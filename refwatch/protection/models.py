"""People named in documents or cases, with their personal fields encrypted, and the audit log.

A Person is shown everywhere by its pseudonym ("Returnee R-0042"), which comes from a sequence
and never from the name. Only protection officers see the fields behind it; their every read
is in the audit log.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models, transaction

from refwatch.protection import details
from refwatch.protection.fields import EncryptedBlobField, EncryptedField


class DataKey(models.Model):
    """A data key, wrapped (AES-GCM) by the master key; the master key itself is never stored."""

    scope = models.CharField(max_length=64, unique=True)
    master_id = models.CharField(max_length=32)  # fingerprint of the wrapping master key
    wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"data key {self.scope}"


class PseudonymSequence(models.Model):
    """The last number given out; a row lock makes two concurrent creations get two numbers."""

    last = models.PositiveIntegerField(default=0)

    @classmethod
    def take(cls) -> int:
        with transaction.atomic():
            row, _ = cls.objects.select_for_update().get_or_create(pk=1)
            row.last += 1
            row.save(update_fields=["last"])
            return row.last


class Person(models.Model):
    class Category(models.TextChoices):
        REFUGEE = "refugee", "Refugee"
        RETURNEE = "returnee", "Returnee"
        FAMILY = "family_member", "Family member"
        WITNESS = "witness", "Witness"
        OTHER = "other", "Person"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveIntegerField(unique=True, editable=False)
    pseudonym = models.CharField(max_length=64, unique=True, editable=False)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    # Encrypted personal fields (see fields.EncryptedField).
    name_korean = EncryptedField(scope="person")
    name_romanised = EncryptedField(scope="person")
    aliases = EncryptedField(scope="person")  # list of str
    birth_year = EncryptedField(scope="person")  # int
    place_of_origin = EncryptedField(scope="person")
    last_known_location = EncryptedField(scope="person")
    contact = EncryptedField(scope="person")
    notes = EncryptedField(scope="person")
    # Contact and identity details: redaction keys like the names (see details.py).
    birth_date = EncryptedField(scope="person")  # ISO "1988-05-21"
    phones = EncryptedField(scope="person")  # list of str
    addresses = EncryptedField(scope="person")  # list of str
    document_numbers = EncryptedField(scope="person")  # list of str (passport, ID card…)
    # The documents the person was protected from (ids): a reader who can open none of them is
    # not told which person a redacted name is (see names.hidden).
    documents = models.JSONField(default=list, blank=True)
    # Users and groups allowed besides protection officers (confidential to named people).
    allowed_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    allowed_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.pseudonym

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.number:
            self.number = PseudonymSequence.take()
            self.pseudonym = f"{self.get_category_display()} R-{self.number:04d}"
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        # Names are found in text through keyed hashes only (see names.py).
        from refwatch.protection.names import index_person

        index_person(self)

    def names(self) -> list[str]:
        """Every name the person goes by (decrypts: protection officers and redaction only)."""
        out = [n for n in (self.name_korean, self.name_romanised) if n]
        out += [a for a in (self.aliases or []) if a]
        return out

    def details(self) -> list[tuple[str, str]]:
        """Every contact and identity detail, as (kind, value); phones written in `contact` too."""
        out = [(details.PHONE, p) for p in (self.phones or []) if p]
        out += [(details.PHONE, self.contact[d.start : d.end]) for d in details.phones(self.contact or "")]
        if self.birth_date:
            out.append((details.BIRTH_DATE, str(self.birth_date)))
        out += [(details.ADDRESS, a) for a in (self.addresses or []) if a]
        out += [(details.DOCUMENT_NUMBER, n) for n in (self.document_numbers or []) if n]
        return out


class NameDigest(models.Model):
    """HMAC of a normalised name of a person: lets redaction find names without storing them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_digests")
    digest = models.CharField(max_length=64, db_index=True)
    tokens = models.PositiveSmallIntegerField()  # how many words the name has (0: found by pattern)
    kind = models.CharField(max_length=20, default="name")  # "name", or a kind of detail (details.KINDS)

    class Meta:
        unique_together = [("person", "digest")]

    def __str__(self) -> str:
        return f"name digest of {self.person_id}"


class FamilyLink(models.Model):
    class Relation(models.TextChoices):
        PARENT = "parent", "parent of"
        CHILD = "child", "child of"
        SIBLING = "sibling", "sibling of"
        SPOUSE = "spouse", "spouse of"
        RELATIVE = "relative", "relative of"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(max_length=12, choices=Relation.choices)

    class Meta:
        unique_together = [("person", "relative", "relation")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_relation_display()} {self.relative}"


class Photo(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="photos")
    media_type = models.CharField(max_length=60, default="image/jpeg")
    data = EncryptedBlobField(scope="photo")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"photo of {self.person}"


class PersonEvent(models.Model):
    """What happened to a person, as a fact with its sources like every other fact."""

    class Kind(models.TextChoices):
        DETAINED = "detained", "detained"
        REPATRIATED = "repatriated", "repatriated"
        MISSING = "missing", "missing"
        RELEASED = "released", "released"
        DIED = "died", "died"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.CharField(max_length=32, blank=True)  # ISO, as precise as known
    place = EncryptedField(scope="person")
    statements = models.ManyToManyField("knowledge.Statement", blank=True, related_name="person_events")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.kind} {self.date}".strip()


class Purpose(models.TextChoices):
    STORAGE = "storage", "storage"
    PUBLICATION = "publication", "publication"
    ADVOCACY = "advocacy", "advocacy"
    LEGAL = "legal", "legal proceedings"


class Consent(models.Model):
    """One decision about one purpose; the newest per purpose is in force, older ones are history."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    granted = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # How it was given ("interview with her brother in Yanji"): it can say who and where, so sealed.
    source = EncryptedField(scope="person")

    class Meta:
        ordering = ["person", "purpose", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.purpose} {'granted' if self.granted else 'refused'}"


class AuditEntry(models.Model):
    """One entry of the append-only audit log, chained to the previous one by hash."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor = models.CharField(max_length=150, blank=True)  # user name at the time
    action = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=60, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor} {self.action} {self.target_type} {self.target_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit entries are append-only")


class AuditHead(models.Model):
    """The newest entry's number and hash: a row lock orders writers, and cut-off tails show."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
