"""Protected personal data: people, their encrypted fields, consent, pseudonyms, redaction, audit.

What other layers call:
- `refwatch.protection.names.redact(text, user=None) -> str`: protected names → "[pseudonym]".
- `refwatch.protection.names.protect_document_names(document, names=None) -> list[Person]`.
- `refwatch.protection.audit.record(user, action, target=None, request=None, **detail)`.
- `refwatch.protection.consent.require_consent(person, purpose)`: raises ConsentRequired (a 403).
- `refwatch.protection.crypto.seal_text / unseal_text`: encrypt any other sensitive column.
"""
