"""Protected personal data: encryption at rest, keys, consent, pseudonyms, redaction, per-role pages."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from typer.testing import CliRunner

from refwatch.accounts import service
from refwatch.cli import app
from refwatch.knowledge.access import ANALYST, PROTECTION_OFFICER, VIEWER
from refwatch.knowledge.models import Document
from refwatch.protection import crypto, names, personal_names
from refwatch.protection.consent import ConsentRequired, has_consent, record_consent, require_consent
from refwatch.protection.models import AuditEntry, Person, PersonEvent, Photo

ROMAN = "Ri Sun-hee"
KOREAN = "리순희"
ALIAS = "Sunny Ri"
PASSWORD = "correct horse battery staple 9"


@pytest.fixture(autouse=True)
def fresh_key_state(tmp_path, settings, monkeypatch):
    """Each test has its own key file and nothing cached, as a freshly started process would."""
    monkeypatch.delenv("REFWATCH_MASTER_KEY", raising=False)
    monkeypatch.delenv("REFWATCH_MASTER_KEY_NEXT", raising=False)
    settings.REFWATCH_KEY_FILE = tmp_path / "keys" / "master.key"
    crypto.reset_caches()
    names.invalidate()
    yield
    crypto.reset_caches()
    names.invalidate()


def make_person(**extra) -> Person:
    fields = {
        "category": Person.Category.RETURNEE,
        "name_romanised": ROMAN,
        "name_korean": KOREAN,
        "aliases": [ALIAS],
        "birth_year": 1994,
        "place_of_origin": "Hyesan",
        "last_known_location": "Tumen detention centre",
        "contact": "+82 10 5555 0101",
    } | extra
    person = Person(**fields)
    person.save()
    return person


def restart() -> None:
    """Forget every key and cached name, as a restarted process would."""
    crypto.reset_caches()
    names.invalidate()


# --- pseudonyms and encryption --------------------------------------------------------------


@pytest.mark.django_db
def test_pseudonym_from_a_sequence_never_from_the_name():
    a = make_person()
    b = make_person()  # the same name: another person, another pseudonym
    assert re.fullmatch(r"Returnee R-\d{4}", a.pseudonym)
    assert a.pseudonym != b.pseudonym and b.number == a.number + 1
    a.name_romanised = "Someone Else"
    a.category = Person.Category.REFUGEE
    a.save()
    a.refresh_from_db()
    assert a.pseudonym.startswith("Returnee R-")  # stable once given


@pytest.mark.django_db
def test_fields_decrypt_after_restart():
    person = make_person()
    restart()
    again = Person.objects.get(pk=person.pk)
    assert (again.name_romanised, again.name_korean, again.aliases, again.birth_year) == (
        ROMAN,
        KOREAN,
        [ALIAS],
        1994,
    )


@pytest.mark.django_db
def test_ciphertext_is_bound_to_its_row_and_field():
    a = make_person()
    b = make_person(name_romanised="Pak Young-ho", name_korean="박영호", aliases=[])
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE protection_person SET name_romanised = (SELECT name_romanised FROM protection_person WHERE id = %s) WHERE id = %s",
            [a.pk, b.pk],
        )
        cur.execute("UPDATE protection_person SET contact = name_korean WHERE id = %s", [a.pk])
    moved = Person.objects.get(pk=b.pk)
    with pytest.raises(crypto.DecryptionError, match="fails authentication"):
        _ = moved.name_romanised
    other_field = Person.objects.get(pk=a.pk)
    assert other_field.name_korean == KOREAN
    with pytest.raises(crypto.DecryptionError, match="copied from another field"):
        _ = other_field.contact


@pytest.mark.django_db
def test_queryset_update_cannot_write_plaintext():
    person = make_person()
    with pytest.raises(TypeError, match=r"only be saved through Model\.save"):
        Person.objects.filter(pk=person.pk).update(name_romanised="plain text")


@pytest.mark.django_db
def test_wrong_master_key_is_a_clear_error(monkeypatch):
    person = make_person()
    monkeypatch.setenv("REFWATCH_MASTER_KEY", crypto.format_key(os.urandom(32)))
    restart()
    again = Person.objects.get(pk=person.pk)
    with pytest.raises(crypto.MasterKeyMismatch, match="the master key does not match"):
        _ = again.name_romanised


@pytest.mark.django_db
def test_malformed_master_key_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("REFWATCH_MASTER_KEY", "not a key")
    restart()
    with pytest.raises(crypto.MasterKeyError, match=r"not hex or base64|bytes, not 32"):
        make_person()


@pytest.mark.django_db
def test_key_file_readable_by_others_is_refused(settings):
    make_person()
    Path(settings.REFWATCH_KEY_FILE).chmod(0o644)
    restart()
    with pytest.raises(crypto.MasterKeyError, match="chmod 600"):
        _ = Person.objects.get(number=1).name_korean


@pytest.mark.django_db
def test_rotation_rewraps_and_everything_still_decrypts(settings, monkeypatch):
    people = [make_person(name_romanised=f"Person Number{i}") for i in range(3)]
    photo = Photo(person=people[0], media_type="image/png", data=b"\x89PNG fake bytes")
    photo.save()
    old_key = Path(settings.REFWATCH_KEY_FILE).read_text().strip()

    # A process that loaded its keys before the rotation keeps working through it.
    assert Person.objects.get(pk=people[1].pk).name_romanised == "Person Number1"
    old_id, new_id, count = crypto.rotate()
    assert old_id != new_id and count >= 2  # the person, photo and name-index data keys
    late = make_person(name_romanised="Created After Rotation")
    assert Person.objects.get(pk=late.pk).name_romanised == "Created After Rotation"

    restart()  # a process started after the rotation
    assert Path(settings.REFWATCH_KEY_FILE).read_text().strip() != old_key
    for i, p in enumerate(people):
        assert Person.objects.get(pk=p.pk).name_romanised == f"Person Number{i}"
    assert Photo.objects.get(pk=photo.pk).data == b"\x89PNG fake bytes"
    assert names.redact("ask Person Number2") == f"ask [{people[2].pseudonym}]"  # index survives

    monkeypatch.setenv("REFWATCH_MASTER_KEY", old_key)  # the retired key no longer opens anything
    restart()
    with pytest.raises(crypto.MasterKeyMismatch):
        _ = Person.objects.get(pk=people[0].pk).name_romanised


@pytest.mark.django_db(transaction=True)
def test_keys_split_and_combine_restore_a_lost_key(settings):
    person = make_person()
    runner = CliRunner()
    out = runner.invoke(app, ["keys", "split", "--shares", "5", "--threshold", "3"])
    assert out.exit_code == 0, out.output
    shares = re.findall(r"^share \d: (.+)$", out.output, re.M)
    assert len(shares) == 5

    key_file = Path(settings.REFWATCH_KEY_FILE)
    key_file.unlink()  # the key is lost
    restart()
    with pytest.raises(crypto.MasterKeyMismatch, match="keys combine"):
        _ = Person.objects.get(pk=person.pk).name_romanised

    out = runner.invoke(app, ["keys", "combine"], input="\n".join(shares[:2]) + "\n")
    assert out.exit_code == 2 and "do not rebuild a key" in out.output
    assert not key_file.exists()

    out = runner.invoke(app, ["keys", "combine"], input="\n".join([shares[4], shares[0], shares[2]]) + "\n")
    assert out.exit_code == 0, out.output
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    restart()
    assert Person.objects.get(pk=person.pk).name_romanised == ROMAN
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["keys_split", "keys_combine"]


@pytest.mark.django_db(transaction=True)
def test_keys_init_refuses_to_replace_a_key(settings):
    runner = CliRunner()
    out = runner.invoke(app, ["keys", "init"])
    assert out.exit_code == 0, out.output
    assert "outside the data folder" in out.output
    first = Path(settings.REFWATCH_KEY_FILE).read_bytes()
    out = runner.invoke(app, ["keys", "init"])
    assert out.exit_code == 2 and "already exists" in out.output
    assert Path(settings.REFWATCH_KEY_FILE).read_bytes() == first


def test_no_personal_field_in_the_raw_database_or_logs():
    """A fresh process creates a person through the normal API and logs its name; then the raw
    bytes of every file in the data folder, and what was logged, are searched for the names."""
    home = tempfile.mkdtemp(prefix="refwatch-raw-")
    script = textwrap.dedent(
        f"""
        import logging, django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from refwatch.protection.models import Person, PersonEvent
        p = Person(category="returnee", name_romanised={ROMAN!r}, name_korean={KOREAN!r},
                   aliases=[{ALIAS!r}], place_of_origin="Musan county", contact="ri.sunhee@example.org")
        p.save()
        PersonEvent(person=p, kind="repatriated", date="2024-04", place="Sinuiju crossing").save()
        log = logging.getLogger("refwatch.test")
        log.warning("saved %s (%s)", {ROMAN!r}, {KOREAN!r})
        log.warning("alias " + {ALIAS.upper()!r} + " seen")
        try:
            raise ValueError("lookup failed for " + {KOREAN!r})
        except ValueError:
            log.exception("error")
        print("pseudonym", p.pseudonym)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFWATCH_", "DATABASE_URL"))}
    env |= {"REFWATCH_HOME": home, "DJANGO_SETTINGS_MODULE": "refwatch.settings"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    pseudonym = re.search(r"pseudonym (.+)", out.stdout).group(1)
    logs = out.stderr
    assert logs.count(pseudonym) >= 3, logs  # the log lines are there, redacted
    secrets_ = [ROMAN, KOREAN, ALIAS, "Musan county", "ri.sunhee@example.org", "Sinuiju crossing"]
    for value in secrets_:
        for variant in {value, value.upper(), value.lower()}:
            assert variant not in logs, variant
    files = [p for p in Path(home).rglob("*") if p.is_file()]
    assert any(p.name.startswith("refwatch.sqlite3") for p in files)
    for path in files:
        raw = path.read_bytes()
        for value in secrets_:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert value.encode(encoding) not in raw, (value, path)
            assert value.lower().encode() not in raw


# --- consent ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consent_per_purpose():
    person = make_person()
    with pytest.raises(ConsentRequired) as err:
        require_consent(person, "publication")
    assert person.pseudonym in str(err.value) and "publication" in str(err.value)
    assert ROMAN not in str(err.value)
    record_consent(person, "publication", True, source="signed form")
    require_consent(person, "publication")
    with pytest.raises(ConsentRequired):
        require_consent(person, "legal")  # consent is per purpose
    record_consent(person, "publication", False, source="withdrawn by phone")
    assert not has_consent(person, "publication")
    with pytest.raises(ValueError, match="unknown purpose"):
        require_consent(person, "marketing")
    assert AuditEntry.objects.filter(action="consent", target_id=str(person.pk)).count() == 2


# --- redaction ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_redact_every_name_and_alias():
    person = make_person()
    other = make_person(name_romanised="Pak Young-ho", name_korean="박영호", aliases=[])
    p, o = f"[{person.pseudonym}]", f"[{other.pseudonym}]"
    text = "RI SUN-HEE, ri sun hee, Sunny Ri and 리순희는 met 박영호; Ri Sunhee is not the same spelling."
    assert names.redact(text) == f"{p}, {p}, {p} and {p}는 met {o}; Ri Sunhee is not the same spelling."
    assert names.redact("리순희 씨와 박영호의 가족") == f"{p} 씨와 {o}의 가족"
    assert names.redact("nothing to hide") == "nothing to hide"


@pytest.mark.django_db
def test_redact_depends_on_the_role():
    person = make_person()
    officer, _ = service.create_user("pia", PROTECTION_OFFICER, password=PASSWORD)
    viewer, _ = service.create_user("vic", VIEWER, password=PASSWORD)
    named, _ = service.create_user("nam", ANALYST, password=PASSWORD)
    person.allowed_users.add(named)
    text = f"Statement by {ROMAN}."
    assert names.redact(text, officer) == text
    assert names.redact(text, named) == text  # confidential to named users
    assert names.redact(text, viewer) == f"Statement by [{person.pseudonym}]."
    assert names.redact(text, None) == f"Statement by [{person.pseudonym}]."


@pytest.mark.django_db
def test_names_are_not_held_in_clear_for_matching():
    make_person()
    index = names._load()
    blob = repr(index.by_digest)
    assert ROMAN.lower() not in blob and KOREAN not in blob and "sun" not in blob


@pytest.mark.django_db
def test_log_records_are_redacted(caplog):
    person = make_person()
    with caplog.at_level(logging.INFO):
        logging.getLogger("refwatch.anything").info("reviewing %s from %s", ROMAN, "Hyesan")
    assert caplog.messages == [f"reviewing [{person.pseudonym}] from Hyesan"]


@pytest.mark.django_db
def test_confidential_document_names_become_protected():
    text = (
        "Dear Mr. Lee,\n\nWe write about Choe Myong-nam, who was detained in Tumen.\n\n"
        "Sincerely,\n\nPark Ji-hoon\nDirector\n"
    )
    doc = Document.objects.create(
        sha256="a" * 64, media_type="text/plain", filename="case.txt", text=text, visibility="confidential"
    )
    people = personal_names.protect_document_names(doc, names=["Choe Myong-nam", "최명남"])
    assert len(people) == 2 and all(p.pk for p in people)
    # The same name again is the same person, not a new record.
    again = personal_names.protect_document_names(doc, names=["CHOE MYONG-NAM"])
    assert [p.pk for p in again] == [people[0].pk]
    assert "Choe Myong-nam" not in names.redact(text)

    count = Person.objects.count()
    public = Document.objects.create(sha256="b" * 64, media_type="text/plain", filename="p.txt", text=text)
    assert personal_names.protect_document_names(public, names=["Someone Public"]) == []
    assert Person.objects.count() == count


@pytest.mark.django_db
def test_confidential_document_names_from_extraction():
    text = Path("refwatch/demo/000_02265e35b7534c12.txt").read_text(encoding="utf-8")
    doc = Document.objects.create(
        sha256="c" * 64, media_type="text/plain", filename="seed.txt", text=text, visibility="confidential"
    )
    people = personal_names.protect_document_names(doc)
    assert people, "extraction found no person in the seed letter"
    assert "Kim Jong Un" not in names.redact(text)


# --- per-role pages -----------------------------------------------------------------------


def login(client, username: str, role: str) -> None:
    user, _ = service.create_user(username, role, password=PASSWORD)
    client.force_login(user)


@pytest.mark.django_db
def test_protection_officer_sees_the_person_and_the_read_is_audited(client):
    person = make_person()
    PersonEvent(person=person, kind="repatriated", date="2024-04", place="Sinuiju").save()
    login(client, "pia", PROTECTION_OFFICER)
    r = client.get(reverse("protection:person_detail", args=[person.number]))
    body = r.content.decode()
    assert r.status_code == 200 and ROMAN in body and KOREAN in body and "Sinuiju" in body
    # The page's title is the pseudonym alone, and its forms stand once, in the page.
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    assert title and title.group(1).strip() == f"{person.pseudonym} · refwatch"
    listing = client.get(reverse("protection:person_list")).content.decode()
    assert ROMAN in listing and f'href="{reverse("protection:person_new")}"' in listing
    assert body.count("<legend>What happened</legend>") == 1
    entry = AuditEntry.objects.get(action="read_person")
    assert (entry.actor, entry.target_type, entry.target_id, entry.ip) == (
        "pia",
        "protection.person",
        str(person.pk),
        "127.0.0.1",
    )
    assert ROMAN not in repr(entry.detail)


@pytest.mark.parametrize("role", [VIEWER, ANALYST])
@pytest.mark.django_db
def test_other_roles_see_only_the_pseudonym(client, role):
    person = make_person()
    PersonEvent(person=person, kind="repatriated", date="2024-04", place="Sinuiju").save()
    login(client, "someone", role)
    for url in (reverse("protection:person_list"), reverse("protection:person_detail", args=[person.number])):
        r = client.get(url)
        body = r.content.decode()
        assert r.status_code == 200 and person.pseudonym in body
        for secret in (ROMAN, KOREAN, ALIAS, "Hyesan", "Sinuiju", "1994"):
            assert secret not in body, (url, secret)
        assert reverse("protection:person_new") not in body
    assert (
        "repatriated"
        in client.get(reverse("protection:person_detail", args=[person.number])).content.decode()
    )
    assert not AuditEntry.objects.filter(action="read_person").exists()
    for url in (
        reverse("protection:person_export", args=[person.number]) + "?purpose=advocacy",
        reverse("protection:audit_list"),
    ):
        r = client.get(url)
        assert (
            r.status_code == 403
            and ROMAN not in r.content.decode()
            and person.pseudonym not in r.content.decode()
        )


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    person = make_person()
    for url in (
        reverse("protection:person_list"),
        reverse("protection:person_detail", args=[person.number]),
        reverse("protection:person_export", args=[person.number]),
        reverse("protection:audit_list"),
    ):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login")), url
        assert ROMAN not in r.content.decode()


@pytest.mark.django_db
def test_user_without_role_is_refused(client):
    person = make_person()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("norole", password=PASSWORD))
    r = client.get(reverse("protection:person_detail", args=[person.number]))
    assert r.status_code == 403 and person.pseudonym not in r.content.decode()


@pytest.mark.django_db
def test_named_group_sees_its_person(client):
    person = make_person()
    lawyers = Group.objects.create(name="legal team")
    person.allowed_groups.add(lawyers)
    user, _ = service.create_user("lee", VIEWER, password=PASSWORD)
    user.groups.add(lawyers)
    client.force_login(user)
    assert ROMAN in client.get(reverse("protection:person_detail", args=[person.number])).content.decode()
    assert AuditEntry.objects.filter(action="read_person", actor="lee").count() == 1


@pytest.mark.django_db
def test_export_needs_consent_and_is_audited(client):
    person = make_person()
    login(client, "pia", PROTECTION_OFFICER)
    url = reverse("protection:person_export", args=[person.number])
    r = client.get(url + "?purpose=advocacy")
    assert r.status_code == 403 and ROMAN not in r.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()
    assert client.get(url).status_code == 400
    record_consent(person, "advocacy", True)
    r = client.get(url + "?purpose=advocacy")
    assert r.status_code == 200 and r.json()["name_korean"] == KOREAN
    assert r["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail == {"purpose": "advocacy"} and entry.target_id == str(person.pk)


@pytest.mark.django_db
def test_photo_download_is_audited(client):
    person = make_person()
    photo = Photo(person=person, media_type="image/png", data=b"\x89PNG 123")
    photo.save()
    login(client, "pia", PROTECTION_OFFICER)
    r = client.get(reverse("protection:person_photo", args=[person.number, photo.pk]))
    assert r.status_code == 200 and r.content == b"\x89PNG 123"
    assert AuditEntry.objects.filter(action="download", target_type="protection.photo").count() == 1


# --- editing, consent and protecting spans through the pages ------------------------------


@pytest.mark.django_db
def test_officer_creates_and_edits_a_person_and_changes_are_audited(client):
    login(client, "pia", PROTECTION_OFFICER)
    r = client.post(
        reverse("protection:person_new"),
        {
            "category": "refugee",
            "name_romanised": "Oh Min-jae",
            "name_korean": "오민재",
            "aliases": "MJ Oh\n",
        },
    )
    assert r.status_code == 302
    person = Person.objects.get()
    assert person.pseudonym.startswith("Refugee R-") and person.aliases == ["MJ Oh"]
    assert names.redact("seen: mj oh") == f"seen: [{person.pseudonym}]"

    edit = reverse("protection:person_edit", args=[person.number])
    r = client.post(
        edit,
        {
            "category": "refugee",
            "name_romanised": "Oh Min-jae",
            "name_korean": "오민재",
            "birth_year": "2001",
        },
    )
    assert r.status_code == 302
    person = Person.objects.get()
    assert person.birth_year == 2001 and person.aliases is None
    change = AuditEntry.objects.get(action="change_person")
    assert change.detail == {"fields": ["aliases", "birth_year"]}
    assert AuditEntry.objects.filter(action="create_person").count() == 1
    assert names.redact("seen: mj oh") == "seen: mj oh"  # the removed alias is no longer protected

    r = client.post(reverse("protection:person_new"), {"category": "refugee"})
    assert r.status_code == 200 and "give at least one name" in r.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_viewer_cannot_create_edit_or_record_consent(client):
    person = make_person()
    login(client, "vic", VIEWER)
    for url in (
        reverse("protection:person_new"),
        reverse("protection:person_edit", args=[person.number]),
    ):
        assert client.get(url).status_code == 403
    r = client.post(
        reverse("protection:person_consent", args=[person.number]), {"purpose": "publication", "granted": "1"}
    )
    assert r.status_code == 403 and not has_consent(person, "publication")


@pytest.mark.django_db
def test_officer_records_consent_through_the_page(client):
    person = make_person()
    login(client, "pia", PROTECTION_OFFICER)
    url = reverse("protection:person_consent", args=[person.number])
    r = client.post(url, {"purpose": "legal", "granted": "1", "source": "signed form"})
    assert r.status_code == 302 and has_consent(person, "legal")
    assert client.post(url, {"purpose": "fun", "granted": "1"}).status_code == 400
    body = client.get(reverse("protection:person_detail", args=[person.number])).content.decode()
    assert "legal proceedings: granted" in body and "publication: not given" in body


@pytest.mark.django_db
def test_analyst_marks_a_span_as_protected(client):
    text = "The interview with Seo Eun-ji took place in Yanji."
    doc = Document.objects.create(sha256="d" * 64, media_type="text/plain", filename="i.txt", text=text)
    login(client, "ana", ANALYST)
    start = text.index("Seo")
    url = reverse("protection:protect_span")
    r = client.post(
        url,
        {"document": doc.pk, "start": start, "end": start + len("Seo Eun-ji")},
        HTTP_ACCEPT="application/json",
    )
    assert r.status_code == 200
    pseudonym = r.json()["pseudonym"]
    assert names.redact(text) == f"The interview with [{pseudonym}] took place in Yanji."
    entry = AuditEntry.objects.get(action="protect_span")
    assert entry.detail == {"document": doc.pk, "start": start, "end": start + 10}
    assert client.post(url, {"document": doc.pk, "start": 5, "end": 5}).status_code == 400
    assert client.post(url, {"document": doc.pk, "start": 0, "end": 10_000}).status_code == 400
    assert Person.objects.count() == 1

    client.logout()
    login(client, "vic", VIEWER)
    assert client.post(url, {"document": doc.pk, "start": 0, "end": 3}).status_code == 403


@pytest.mark.django_db
def test_sealed_document_parts_are_bound_to_their_document():
    from refwatch.protection import sealed

    original = "%PDF-1.7 … 리순희 …".encode()
    box = sealed.seal_bytes("a" * 64, "original", original)
    assert sealed.is_sealed(box) and not sealed.is_sealed(original)
    assert KOREAN.encode() not in box
    restart()
    assert sealed.open_bytes("a" * 64, "original", box) == original
    with pytest.raises(crypto.DecryptionError):
        sealed.open_bytes("b" * 64, "original", box)
    with pytest.raises(crypto.DecryptionError):
        sealed.open_bytes("a" * 64, "text", box)
    assert sealed.open_text("c" * 64, "quote:7", sealed.seal_text("c" * 64, "quote:7", ROMAN)) == ROMAN


@pytest.mark.django_db
def test_officer_adds_events_with_sources_family_and_photos(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from refwatch.knowledge.models import Statement

    person = make_person()
    mother = make_person(name_romanised="Kang Ok-sun", name_korean="강옥순", aliases=[])
    text = "She was repatriated from Tumen in April 2024."
    doc = Document.objects.create(sha256="e" * 64, media_type="text/plain", filename="r.txt", text=text)
    st = Statement.objects.create(document=doc, kind="repatriation", start=0, end=len(text), quote=text)
    login(client, "pia", PROTECTION_OFFICER)
    base = [person.number]

    r = client.post(
        reverse("protection:person_add_event", args=base),
        {"kind": "repatriated", "date": "2024-04", "place": "Tumen", "statements": f"{st.pk}"},
    )
    assert r.status_code == 302
    event = person.events.get()
    assert (event.kind, event.date, event.place, [s.pk for s in event.statements.all()]) == (
        "repatriated",
        "2024-04",
        "Tumen",
        [st.pk],
    )
    bad = client.post(
        reverse("protection:person_add_event", args=base), {"kind": "repatriated", "statements": "99999"}
    )
    assert bad.status_code == 400 and "no statement 99999" in bad.content.decode()
    assert (
        client.post(
            reverse("protection:person_add_event", args=base), {"kind": "repatriated", "date": "April"}
        ).status_code
        == 400
    )

    r = client.post(
        reverse("protection:person_add_link", args=base), {"relation": "child", "relative": mother.number}
    )
    assert r.status_code == 302 and person.family_links.get().relative == mother
    assert (
        client.post(
            reverse("protection:person_add_link", args=base), {"relation": "child", "relative": person.number}
        ).status_code
        == 400
    )

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = client.post(
        reverse("protection:person_add_photo", args=base), {"photo": SimpleUploadedFile("x.png", png)}
    )
    assert r.status_code == 302
    photo = person.photos.get()
    assert photo.media_type == "image/png" and photo.data == png
    fake = client.post(
        reverse("protection:person_add_photo", args=base),
        {"photo": SimpleUploadedFile("x.png", b"MZ not an image")},
    )
    assert fake.status_code == 400 and person.photos.count() == 1

    changes = list(
        AuditEntry.objects.filter(action="change_person").order_by("seq").values_list("detail", flat=True)
    )
    assert changes == [{"fields": ["events"]}, {"fields": ["family_links"]}, {"fields": ["photos"]}]

    client.logout()
    login(client, "vic", VIEWER)
    assert (
        client.post(reverse("protection:person_add_event", args=base), {"kind": "missing"}).status_code == 403
    )
    body = client.get(reverse("protection:person_detail", args=base)).content.decode()
    assert mother.pseudonym in body and "Tumen" not in body and "Kang" not in body
    assert "1 source" in body


def test_ingested_confidential_document_leaves_no_name_in_the_raw_files():
    """The issue's test: ingest a confidential document naming a person, then search the raw files and logs."""
    home = tempfile.mkdtemp(prefix="refwatch-ingest-raw-")
    letter = Path(home) / "case-note.txt"
    letter.write_text(
        Path("refwatch/demo/000_02265e35b7534c12.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    script = textwrap.dedent(
        f"""
        import logging, django
        django.setup()
        from django.core.management import call_command
        call_command("migrate", verbosity=0)
        from refwatch.knowledge import store
        result = store.add_path({str(letter)!r}, visibility="confidential")
        logging.getLogger("refwatch.test").warning("ingested a note on Kim Jong Un and Ambassador Perdue")
        from refwatch.knowledge.models import Document
        doc = Document.objects.get(pk=result.document.pk)
        assert "Kim Jong Un" in doc.text and "Perdue" in doc.title, "the sealed text reads back"
        print(result.counts["senders"], result.counts["incidents"])
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFWATCH_", "DATABASE_URL"))}
    env |= {"REFWATCH_HOME": str(Path(home) / "data"), "DJANGO_SETTINGS_MODULE": "refwatch.settings"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["6", "2"]  # the facts are all there, by pseudonym
    # A name as written, the surname alone as the salutation uses it, senders, the address, and
    # words of the text that no fact repeats (the sealed text is not in clear either).
    names = [
        "Kim Jong Un",
        "Perdue",
        "Ami Bera",
        "Tim Kaine",
        "Walkinshaw",
        "Subramanyam",
        "McGovern",
        "Van Hollen",
        "Anjialou",
        "competitive and dynamic",
    ]
    for name in names:
        assert name not in out.stderr + out.stdout, name
    files = [p for p in (Path(home) / "data").rglob("*") if p.is_file()]
    assert any(p.name == "refwatch.sqlite3" for p in files)
    for path in files:
        raw = path.read_bytes()
        for name in names:
            assert name.encode() not in raw, (path, name)
            assert name.encode("utf-16-le") not in raw, (path, name)

    # After `refwatch keys rotate`, a new process still opens the sealed text and original.
    rotated = subprocess.run(
        [str(Path(sys.executable).with_name("refwatch")), "keys", "rotate"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert rotated.returncode == 0, rotated.stderr
    read = textwrap.dedent(
        """
        import hashlib, django
        django.setup()
        from refwatch.knowledge.models import Document
        from refwatch.knowledge.store import open_original
        doc = Document.objects.get()
        assert "Kim Jong Un" in doc.text
        assert hashlib.sha256(open_original(doc)).hexdigest() == doc.sha256
        print("read")
        """
    )
    again = subprocess.run([sys.executable, "-c", read], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout.strip() == "read", again.stderr


def test_rotation_across_real_processes():
    """Create in one process, rotate with the command, read in a new process; a wrong key fails clearly."""
    home = tempfile.mkdtemp(prefix="refwatch-rotate-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REFWATCH_", "DATABASE_URL"))}
    env |= {"REFWATCH_HOME": home, "DJANGO_SETTINGS_MODULE": "refwatch.settings"}
    refwatch = str(Path(sys.executable).with_name("refwatch"))
    create = (
        "import django; django.setup(); from django.core.management import call_command;"
        "call_command('migrate', verbosity=0); from refwatch.protection.models import Person;"
        f"p = Person(name_romanised={ROMAN!r}, name_korean={KOREAN!r}); p.save(); print(p.pk)"
    )
    read = (
        "import sys, django; django.setup(); from refwatch.protection.models import Person;"
        "p = Person.objects.get(pk=int(sys.argv[1])); print(p.name_romanised, p.name_korean)"
    )

    def run(args, **extra):
        return subprocess.run(args, env=env | extra, capture_output=True, text=True)

    pk = run([sys.executable, "-c", create]).stdout.strip()
    before = run([refwatch, "keys", "status"]).stdout
    out = run([refwatch, "keys", "rotate"])
    assert out.returncode == 0 and "data keys re-wrapped" in out.stdout, out.stderr
    after = run([refwatch, "keys", "status"]).stdout
    assert before.splitlines()[0] != after.splitlines()[0]  # another master key now
    again = run([sys.executable, "-c", read, pk])
    assert again.returncode == 0 and again.stdout.strip() == f"{ROMAN} {KOREAN}", again.stderr

    wrong = run([sys.executable, "-c", read, pk], REFWATCH_MASTER_KEY=crypto.format_key(os.urandom(32)))
    assert wrong.returncode != 0
    assert "MasterKeyMismatch: the master key does not match" in wrong.stderr
    assert ROMAN not in wrong.stdout + wrong.stderr

    # With the key in the environment: the new key is given as REFWATCH_MASTER_KEY_NEXT.
    key = (Path(home) / "keys" / "master.key").read_text().strip()
    nxt = run([refwatch, "keys", "generate"]).stdout.strip()
    (Path(home) / "keys" / "master.key").unlink()
    refused = run([refwatch, "keys", "rotate"], REFWATCH_MASTER_KEY=key)
    assert refused.returncode == 2 and "REFWATCH_MASTER_KEY_NEXT" in refused.stderr
    rotated = run([refwatch, "keys", "rotate"], REFWATCH_MASTER_KEY=key, REFWATCH_MASTER_KEY_NEXT=nxt)
    assert rotated.returncode == 0, rotated.stderr
    done = run([sys.executable, "-c", read, pk], REFWATCH_MASTER_KEY=nxt)
    assert done.stdout.strip() == f"{ROMAN} {KOREAN}", done.stderr


# --- the API ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_per_role(client):
    person = make_person()
    PersonEvent(person=person, kind="detained", date="2024-01", place="Tumen").save()
    api = "/api/people/"

    r = client.get(api)
    assert r.status_code in (302, 401) and ROMAN not in r.content.decode()

    login(client, "vic", VIEWER)
    r = client.get(f"{api}{person.number}")
    assert r.status_code == 200
    data = r.json()
    assert data["pseudonym"] == person.pseudonym and data["identified"] is False
    assert data["name_romanised"] is None and data["events"] == [
        {"kind": "detained", "date": "2024-01", "place": None, "statements": []}
    ]
    for secret in (ROMAN, KOREAN, ALIAS, "Tumen", "1994"):
        assert secret not in r.content.decode()
    assert [p["pseudonym"] for p in client.get(api).json()] == [person.pseudonym]
    assert not AuditEntry.objects.exists()

    client.logout()
    login(client, "pia", PROTECTION_OFFICER)
    data = client.get(f"{api}{person.number}").json()
    assert (data["name_romanised"], data["name_korean"], data["events"][0]["place"]) == (
        ROMAN,
        KOREAN,
        "Tumen",
    )
    assert client.get(api).json()[0]["name_korean"] == KOREAN
    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True)) == [
        "read_person",
        "read_person_list",
    ]
    assert client.get(f"{api}99999").status_code == 404

    client.logout()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("norole", password=PASSWORD))
    r = client.get(f"{api}{person.number}")
    assert r.status_code == 403 and person.pseudonym not in r.content.decode()


@pytest.mark.django_db
def test_saving_a_confidential_document_protects_its_names(django_capture_on_commit_callbacks):
    text = Path("refwatch/demo/000_02265e35b7534c12.txt").read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.create(sha256="f" * 64, media_type="text/plain", filename="a.txt", text=text)
    assert not Person.objects.exists()  # internal documents are left alone
    with django_capture_on_commit_callbacks(execute=True):
        doc = Document.objects.create(
            sha256="9" * 64, media_type="text/plain", filename="b.txt", text=text, visibility="confidential"
        )
    assert Person.objects.exists()
    assert "Kim Jong Un" not in names.redact(text)
    entry = AuditEntry.objects.get(action="protect_names")
    assert entry.target_id == str(doc.pk) and entry.actor == ""
    count = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        doc.save()  # saved again: the same people, no new ones
    assert Person.objects.count() == count


@pytest.mark.django_db
def test_logs_from_a_thread_without_database_still_redact_known_names(caplog, monkeypatch):
    """Async code may not query the database; names already known are still redacted there."""
    import asyncio

    person = make_person()
    names.redact("warm the index")

    async def log_from_async():
        logging.getLogger("refwatch.async").warning("seen %s", ROMAN)

    names._index.loaded = 0.0  # due for a check, which the async context cannot make
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with caplog.at_level(logging.WARNING):
        asyncio.run(log_from_async())
    assert caplog.messages == [f"seen [{person.pseudonym}]"]
