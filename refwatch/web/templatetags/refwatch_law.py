"""`{{ incident|obligations }}`: what a return engages, from the reference data of
refwatch.knowledge.law (no record of the store is read here)."""

from __future__ import annotations

from typing import Any

from django import template

from refwatch.knowledge import law

register = template.Library()


@register.filter
def obligations(incident: Any) -> list[law.Obligation]:
    """The articles binding the returning state (the incident's origin) on the incident's date."""
    return law.obligations(incident.origin, incident.date_start)
