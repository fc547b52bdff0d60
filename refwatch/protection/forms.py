"""Forms for personal records (plain forms: the encrypted fields have no model form fields)."""

from __future__ import annotations

from typing import Any

from django import forms

from refwatch.protection.models import FamilyLink, Person, PersonEvent, Purpose

PERSONAL_FIELDS = (
    "name_korean",
    "name_romanised",
    "aliases",
    "birth_year",
    "place_of_origin",
    "last_known_location",
    "contact",
    "notes",
    "birth_date",
    "phones",
    "addresses",
    "document_numbers",
)
# Details given one a line; each is a redaction key (refwatch.protection.details).
LIST_FIELDS = ("phones", "addresses", "document_numbers")


class PersonForm(forms.Form):
    category = forms.ChoiceField(choices=Person.Category.choices)
    name_korean = forms.CharField(required=False, max_length=200, label="Name (Korean)")
    name_romanised = forms.CharField(required=False, max_length=200, label="Name (romanised)")
    aliases = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One a line"
    )
    birth_year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    place_of_origin = forms.CharField(required=False, max_length=300)
    last_known_location = forms.CharField(required=False, max_length=300)
    contact = forms.CharField(required=False, max_length=300)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    birth_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Redacted wherever written"
    )
    phones = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One a line")
    addresses = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="One a line"
    )
    document_numbers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Passport, ID card…: one a line",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("aliases", *LIST_FIELDS):
            data[name] = [a.strip() for a in (data.get(name) or "").splitlines() if a.strip()]
        if data.get("birth_date"):
            data["birth_date"] = data["birth_date"].isoformat()
        if not (data.get("name_korean") or data.get("name_romanised") or data["aliases"]):
            raise forms.ValidationError("give at least one name")
        return data

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial: dict[str, Any] = {f: getattr(person, f) for f in PERSONAL_FIELDS}
        for name in ("aliases", *LIST_FIELDS):
            initial[name] = "\n".join(getattr(person, name) or [])
        initial["category"] = person.category
        return initial

    def apply(self, person: Person) -> list[str]:
        """Set the cleaned values on the person; returns the names of the fields that changed."""
        changed = []
        for name in ("category", *PERSONAL_FIELDS):
            value = self.cleaned_data.get(name)
            if value in ("", []):
                value = None
            if getattr(person, name) != value:
                changed.append(name)
                setattr(person, name, value)
        return changed


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    granted = forms.TypedChoiceField(
        choices=[("1", "granted"), ("0", "refused or withdrawn")], coerce=lambda v: v == "1"
    )
    source = forms.CharField(required=False, max_length=200, help_text="How it was given (form, interview…)")


class ProtectSpanForm(forms.Form):
    document = forms.IntegerField(min_value=1)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)


class EventForm(forms.Form):
    kind = forms.ChoiceField(choices=PersonEvent.Kind.choices)
    date = forms.RegexField(
        regex=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        required=False,
        max_length=10,
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    place = forms.CharField(required=False, max_length=300)
    statements = forms.CharField(
        required=False, help_text="Numbers of the statements that say it, comma-separated"
    )

    def clean_statements(self) -> list[int]:
        raw = self.cleaned_data.get("statements") or ""
        try:
            ids = [int(x) for x in raw.replace(" ", "").split(",") if x]
        except ValueError:
            raise forms.ValidationError("statement numbers are whole numbers, comma-separated") from None
        from refwatch.knowledge.models import Statement

        found = set(Statement.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if missing := [i for i in ids if i not in found]:
            raise forms.ValidationError(f"no statement {', '.join(map(str, missing))}")
        return ids


class FamilyLinkForm(forms.Form):
    relation = forms.ChoiceField(choices=FamilyLink.Relation.choices)
    relative = forms.IntegerField(min_value=1, help_text="Number of the other person (R-…)")


MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png", b"RIFF": "image/webp"}


class PhotoForm(forms.Form):
    photo = forms.FileField()

    def clean_photo(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["photo"]
        if upload.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError("a photo may be at most 10 MB")
        data = upload.read()
        # The type comes from the bytes, never from the name or the browser's say-so.
        for magic, media_type in PHOTO_TYPES.items():
            if data.startswith(magic):
                return data, media_type
        raise forms.ValidationError("only JPEG, PNG or WebP photos")
