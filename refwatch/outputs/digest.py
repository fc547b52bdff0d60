"""The digest of what is new, for one reader: the documents added since a time and the facts
found in them, returns first, as a plain-text e-mail (`refwatch watch digest`).

It is read through the reader's own door (Reader.new_documents, Reader.new_facts): a digest holds
no confidential document its recipient may not open, and protected names as the pages show them
to that recipient (their pseudonyms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.urls import reverse

from refwatch.knowledge.models import Statement
from refwatch.knowledge.queries import Reader
from refwatch.protection import audit
from refwatch.protection.names import RedactionUnavailable, redact
from refwatch.roles import roles_of

MOST_FACTS = 40
MOST_DOCUMENTS = 40
QUOTE = 300


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str
    documents: int
    facts: int

    @property
    def empty(self) -> bool:
        return not self.documents


def build(reader: Reader, since: datetime, *, site: str = "") -> Digest:
    """What `reader` may see of what was added after `since`; links are made absolute with
    `site` (e.g. https://refwatch.example.org)."""
    site = site.rstrip("/")
    documents = list(reader.new_documents(since)[: MOST_DOCUMENTS + 1])
    facts = list(reader.new_facts(since)[: MOST_FACTS + 1])
    user = reader.user
    lines = [f"New in refwatch since {since:%Y-%m-%d %H:%M %Z}.", ""]
    returns = sum(1 for st in facts if st.kind == Statement.Kind.REPATRIATION)
    if facts:
        lines.append(f"Facts found ({_more(len(facts), MOST_FACTS)}; returns first: {returns}):")
        for st in facts[:MOST_FACTS]:
            quote = _shown(" ".join(st.quote.split())[:QUOTE], user, st)
            title = _shown(str(st.document), user, st)
            link = site + reverse("web:document", args=[st.document_id]) + f"#s{st.pk}"
            lines += [f"- {st.get_kind_display()}: {quote}", f"  in {title}: {link}"]
        lines.append("")
    lines.append(f"Documents added ({_more(len(documents), MOST_DOCUMENTS)}):")
    for doc in documents[:MOST_DOCUMENTS]:
        lines.append(
            f"- {_shown(str(doc), user, None, doc.confidential)}: {site}{reverse('web:document', args=[doc.pk])}"
        )
    subject = f"refwatch: {len(documents)} new document{'s' if len(documents) != 1 else ''}"
    if returns:
        subject += f", {returns} report{'s' if returns != 1 else ''} of returns"
    return Digest(subject, "\n".join(lines) + "\n", len(documents), len(facts))


def recipients() -> QuerySet[Any]:
    """Who may get a digest: the active users with an e-mail address (each read as themselves,
    and only those with a role: `send` checks)."""
    return get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")


def has_recipients(users: Iterable[Any]) -> bool:
    return any(roles_of(user) for user in users)


def send(users: Iterable[Any], since: datetime, *, site: str, actor: str) -> int:
    """E-mail each of `users` (with a role) their digest of what was added after `since`, through
    Django's mail settings; nothing to whom nothing is new. Each mail sent is audited as sent by
    `actor`. How many were sent."""
    sent = 0
    for user in users:
        if not roles_of(user):
            continue
        made = build(Reader.for_user(user), since, site=site)
        if made.empty:
            continue
        send_mail(made.subject, made.body, None, [user.email])
        audit.record(None, "watch_digest", user, actor=actor, documents=made.documents, facts=made.facts)
        sent += 1
    return sent


def _shown(text: str, user: object, st: Statement | None, about: bool = False) -> str:
    """`text` as `user` may read it; fails closed: a text redaction cannot check is withheld."""
    try:
        if st is not None:
            return redact(text, user, st.document.text, about=st.document.confidential)
        return redact(text, user, about=about)
    except RedactionUnavailable:
        return "[withheld: names could not be checked]"


def _more(n: int, most: int) -> str:
    return f"the first {most}" if n > most else str(n)
