"""Protected personal data: people, their encrypted fields, consent, pseudonyms, redaction, audit.

What other layers call:
- `refwatch.protection.names.redact(text, user=None, context=None) -> str`: protected names →
  "[pseudonym]", a person's recorded details → "[phone of pseudonym]", and in a text about a
  protected person every phone and birth date → "[phone]" / "[birth date]". Raises
  RedactionUnavailable when it cannot run: withhold the text then.
- `refwatch.protection.personal_names.protect_document_names(document, names=None) -> list[Person]`.
- `refwatch.protection.audit.record(user, action, target=None, request=None, **detail)`.
- `refwatch.protection.consent.require_consent(person, purpose)`: raises ConsentRequired (a 403).
- `refwatch.protection.crypto.seal_text / unseal_text`: encrypt any other sensitive column.
"""
