"""Redaction of logs fails closed: when it cannot run, the message is withheld, never written in clear."""

from __future__ import annotations

import logging

import pytest

from refwatch.protection import names
from refwatch.protection.models import Person

pytestmark = pytest.mark.django_db

NAME = "Ri Sun-hee"


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "refwatch.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    logger = logging.getLogger("refwatch.failclosed")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield logger, path
    logger.removeHandler(handler)
    handler.close()


def broken_redaction(*args, **kwargs):
    raise RuntimeError("the name index cannot be read")


def test_a_message_is_withheld_when_redaction_raises(log_file, monkeypatch):
    logger, path = log_file
    person = Person(category=Person.Category.RETURNEE, name_romanised=NAME)
    person.save()
    logger.info("reviewing %s", NAME)  # redaction works: the pseudonym
    monkeypatch.setattr(names, "redact", broken_redaction)
    logger.info("reviewing %s from Hyesan", NAME)
    try:
        raise ValueError(f"no such person {NAME}")
    except ValueError:
        logger.exception("lookup of %s failed", NAME)
    logger.handlers[0].flush()
    text = path.read_text(encoding="utf-8")
    assert NAME not in text and "Sun-hee" not in text
    assert f"reviewing [{person.pseudonym}]" in text
    assert text.count("[redaction failed]") >= 2  # the message and the traceback


def test_a_message_that_cannot_be_formatted_is_withheld(log_file, capsys):
    logger, path = log_file
    logger.info("%d people named %s", "not a number", NAME)
    logger.handlers[0].flush()
    assert NAME not in path.read_text(encoding="utf-8") + capsys.readouterr().err
