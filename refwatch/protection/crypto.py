"""Envelope encryption of personal fields (AES-256-GCM, `cryptography`).

Why envelope encryption: each table has its own random data key; only the data keys are
wrapped by the master key. Rotating the master key then re-wraps a handful of small rows
instead of re-encrypting every record, so rotation needs no downtime, and a table's data
can be shredded by deleting its data key.

The master key never sits beside the data: it comes from REFWATCH_MASTER_KEY, or from a
key file (REFWATCH_KEY_FILE, default REFWATCH_HOME/keys/master.key, mode 0600) that is not
in the database. During a rotation a second key ("next": REFWATCH_MASTER_KEY_NEXT or the key
file with `.next` appended) is readable too, so processes that started before the rotation
keep working: a data key wrapped by a master they do not know makes them reload the keys, and
a new data key is wrapped only after the key files are read again under a lock that rotation
takes too, so a running server never wraps one with a master key that was just retired.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import struct
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

KEY_BYTES = 32
NONCE_BYTES = 12
# Version byte of a sealed value: lets the format change later without guessing.
FORMAT_V1 = b"\x01"
_HEADER = struct.Struct(">cI")  # version, data key id


class MasterKeyError(RuntimeError):
    """The master key is missing, unreadable or unsafe."""


class MasterKeyMismatch(MasterKeyError):
    """The master key loaded is not the one the data keys were wrapped with."""


class DecryptionError(RuntimeError):
    """A stored value fails authentication: it was altered, truncated or moved."""


@dataclass(frozen=True)
class MasterKey:
    key: bytes
    source: str  # where it came from, for error messages (never the key itself)

    @property
    def key_id(self) -> str:
        # A fingerprint, not the key: HMAC so that the id reveals nothing of the key.
        return hmac.new(self.key, b"refwatch master key id", hashlib.sha256).hexdigest()[:16]


def key_file_path() -> Path:
    return Path(getattr(settings, "REFWATCH_KEY_FILE", None) or Path(settings.HOME) / "keys" / "master.key")


def next_key_path() -> Path:
    path = key_file_path()
    return path.with_name(path.name + ".next")


def parse_key(text: str, source: str) -> bytes:
    """A master key as written: 64 hex digits or base64 of 32 bytes."""
    text = text.strip()
    try:
        raw = bytes.fromhex(text) if len(text) == 2 * KEY_BYTES else base64.b64decode(text, altchars=b"-_")
    except (ValueError, binascii.Error) as exc:
        raise MasterKeyError(f"the master key in {source} is not hex or base64") from exc
    if len(raw) != KEY_BYTES:
        raise MasterKeyError(f"the master key in {source} has {len(raw)} bytes, not {KEY_BYTES}")
    return raw


def format_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def write_key_file(path: Path, key: bytes) -> None:
    """Write a key file readable by its owner only, without ever leaving a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(format_key(key) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if os.name == "posix" and mode & 0o077:
        # Like ssh with a private key: a key others can read is no longer a secret.
        raise MasterKeyError(
            f"the key file {path} can be read by other users (mode {oct(mode & 0o777)}); "
            f"run: chmod 600 {path}"
        )
    return parse_key(path.read_text(), str(path))


class Keyring:
    """The master keys this process can use: the current one and, during rotation, the next."""

    def __init__(self) -> None:
        self.current: MasterKey | None = None
        self.next: MasterKey | None = None
        env = os.environ.get("REFWATCH_MASTER_KEY")
        path = key_file_path()
        if env:
            self.current = MasterKey(parse_key(env, "REFWATCH_MASTER_KEY"), "REFWATCH_MASTER_KEY")
        elif path.exists():
            self.current = MasterKey(_read_key_file(path), str(path))
        env_next = os.environ.get("REFWATCH_MASTER_KEY_NEXT")
        if env_next:
            self.next = MasterKey(parse_key(env_next, "REFWATCH_MASTER_KEY_NEXT"), "REFWATCH_MASTER_KEY_NEXT")
        elif not env and next_key_path().exists():
            self.next = MasterKey(_read_key_file(next_key_path()), str(next_key_path()))
        if self.current is None and self.next is not None:
            # A rotation stopped between its last two steps: the next key is the key.
            self.current, self.next = self.next, None

    def keys(self) -> dict[str, MasterKey]:
        return {k.key_id: k for k in (self.current, self.next) if k is not None}

    def for_wrapping(self) -> MasterKey:
        """New data keys are wrapped by the next key while a rotation runs, so none is left behind."""
        key = self.next or self.current
        if key is None:
            raise MasterKeyError("no master key: set REFWATCH_MASTER_KEY or create the key file")
        return key


_lock = threading.RLock()
_keyring: Keyring | None = None
_deks: dict[int, bytes] = {}
_dek_ids: dict[str, int] = {}


def reset_caches() -> None:
    """Forget every key held in memory (as a restarted process would)."""
    global _keyring
    with _lock:
        _keyring = None
        _deks.clear()
        _dek_ids.clear()


def keyring(reload: bool = False) -> Keyring:
    global _keyring
    with _lock:
        if _keyring is None or reload:
            _keyring = Keyring()
        return _keyring


def _create_first_master_key() -> MasterKey:
    """Make the master key of a new installation: only when there are no data keys yet."""
    from refwatch.protection.models import DataKey

    if DataKey.objects.exists():
        raise MasterKeyMismatch(
            "the master key does not match: the database holds encrypted data but no master key was "
            f"found (REFWATCH_MASTER_KEY is unset and {key_file_path()} does not exist). Put the key "
            "file back, or rebuild it from backup shares with `refwatch keys combine`."
        )
    path = key_file_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Written whole under another name, then linked into place: link() fails when the file
    # exists, so two processes starting at once never each make (and use) their own key.
    tmp = path.with_name(path.name + f".new{os.getpid()}")
    write_key_file(tmp, secrets.token_bytes(KEY_BYTES))
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return keyring(reload=True).for_wrapping()


def _mismatch(data_key_master: str, scope: str) -> MasterKeyMismatch:
    ring = keyring()
    loaded = ", ".join(f"{k.key_id} from {k.source}" for k in ring.keys().values()) or "none"
    return MasterKeyMismatch(
        f"the master key does not match: the data key of {scope!r} was wrapped by master key "
        f"{data_key_master}, but the key loaded is {loaded}. Use the right REFWATCH_MASTER_KEY or key "
        "file, or rebuild it from backup shares with `refwatch keys combine`."
    )


def wrap(master: MasterKey, dek: bytes, scope: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(master.key).encrypt(nonce, dek, b"refwatch:dek:" + scope.encode())


def unwrap(master: MasterKey, wrapped: bytes, scope: str, data_key_master: str) -> bytes:
    try:
        return AESGCM(master.key).decrypt(
            wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], b"refwatch:dek:" + scope.encode()
        )
    except InvalidTag:
        raise _mismatch(data_key_master, scope) from None


def _unwrap_row(row: object) -> bytes:
    ring = keyring()
    master = ring.keys().get(row.master_id)  # type: ignore[attr-defined]
    if master is None:
        # Another process may have rotated the key since we loaded it.
        master = keyring(reload=True).keys().get(row.master_id)  # type: ignore[attr-defined]
    if master is None:
        raise _mismatch(row.master_id, row.scope)  # type: ignore[attr-defined]
    return unwrap(master, bytes(row.wrapped), row.scope, row.master_id)  # type: ignore[attr-defined]


def _lock_data_keys() -> None:
    """Serialise the creation and re-wrapping of data keys between processes, in this transaction.

    SQLite runs every transaction as BEGIN IMMEDIATE (settings), which already holds the
    database's write lock; PostgreSQL needs the table lock, a mode that conflicts with itself.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("LOCK TABLE protection_datakey IN SHARE ROW EXCLUSIVE MODE")


def _stored_master_ids() -> set[str]:
    from django.db import connection

    from refwatch.protection.models import DataKey

    if DataKey._meta.db_table not in connection.introspection.table_names():
        return set()  # a database not migrated yet holds no data key
    return set(DataKey.objects.values_list("master_id", flat=True).distinct())


def check_master_key() -> None:
    """Raise MasterKeyMismatch unless the keys loaded can open every stored data key.

    Run before a command or a server does anything, so that a wrong key stops it with one
    line instead of failing later at a login or, worse, wrapping new data keys under itself.
    """
    stored = _stored_master_ids()
    if not stored:
        return
    ring = keyring(reload=True)
    unknown = sorted(stored - ring.keys().keys())
    if unknown:
        loaded = ", ".join(f"{k.key_id} from {k.source}" for k in ring.keys().values())
        raise MasterKeyMismatch(
            f"the master key does not match the stored data keys: they are wrapped by {', '.join(unknown)}, "
            f"the key loaded is {loaded or 'none (REFWATCH_MASTER_KEY is unset and ' + str(key_file_path()) + ' does not exist)'}. "
            "Use the right REFWATCH_MASTER_KEY or key file, or rebuild it with `refwatch keys combine`."
        )


def _create_data_key(scope: str) -> tuple[object, bytes]:
    from refwatch.protection.models import DataKey

    with transaction.atomic():
        _lock_data_keys()
        row = DataKey.objects.filter(scope=scope).first()
        if row is not None:  # another process made it while we waited for the lock
            return row, _unwrap_row(row)
        # The key files are read again under the lock: a `keys rotate` may have run since this
        # process loaded them, and a data key wrapped by a retired master would be lost.
        ring = keyring(reload=True)
        if ring.current is None and ring.next is None:
            master = _create_first_master_key()
        else:
            check_master_key()
            master = ring.for_wrapping()
        dek = secrets.token_bytes(KEY_BYTES)
        row = DataKey.objects.create(scope=scope, master_id=master.key_id, wrapped=wrap(master, dek, scope))
        return row, dek


def data_key(scope: str, *, create: bool = True) -> tuple[int, bytes]:
    """The data key of a scope (a table), created on first use unless `create` is false."""
    from refwatch.protection.models import DataKey

    with _lock:
        if scope in _dek_ids:
            return _dek_ids[scope], _deks[_dek_ids[scope]]
    row = DataKey.objects.filter(scope=scope).first()
    if row is not None:
        dek = _unwrap_row(row)
    elif create:
        row, dek = _create_data_key(scope)
    else:
        raise DecryptionError(f"there is no data key {scope!r}: it was never made, or it was deleted")
    with _lock:
        _dek_ids[scope] = row.pk  # type: ignore[attr-defined]
        _deks[row.pk] = dek  # type: ignore[attr-defined]
    return row.pk, dek  # type: ignore[attr-defined]


def _data_key_by_id(pk: int) -> bytes:
    from refwatch.protection.models import DataKey

    with _lock:
        if pk in _deks:
            return _deks[pk]
    row = DataKey.objects.filter(pk=pk).first()
    if row is None:
        raise DecryptionError(f"the data key #{pk} of a stored value no longer exists (shredded)")
    dek = _unwrap_row(row)
    with _lock:
        _deks[pk] = dek
        _dek_ids[row.scope] = pk
    return dek


def seal(scope: str, plaintext: bytes, aad: str) -> bytes:
    """Encrypt a value with the data key of `scope`, bound to `aad` (e.g. "table.column")."""
    pk, dek = data_key(scope)
    nonce = secrets.token_bytes(NONCE_BYTES)
    header = _HEADER.pack(FORMAT_V1, pk)
    return header + nonce + AESGCM(dek).encrypt(nonce, plaintext, header + aad.encode())


def unseal(sealed: bytes, aad: str) -> bytes:
    sealed = bytes(sealed)
    if len(sealed) < _HEADER.size + NONCE_BYTES + 16 or sealed[:1] != FORMAT_V1:
        raise DecryptionError("a stored value is not in refwatch's encrypted format")
    _version, pk = _HEADER.unpack(sealed[: _HEADER.size])
    dek = _data_key_by_id(pk)
    nonce = sealed[_HEADER.size : _HEADER.size + NONCE_BYTES]
    try:
        return AESGCM(dek).decrypt(
            nonce, sealed[_HEADER.size + NONCE_BYTES :], sealed[: _HEADER.size] + aad.encode()
        )
    except InvalidTag:
        raise DecryptionError(
            f"a stored value of {aad} fails authentication: it was altered, or copied from another field"
        ) from None


def seal_text(scope: str, text: str, aad: str) -> bytes:
    return seal(scope, text.encode("utf-8"), aad)


def unseal_text(sealed: bytes, aad: str) -> str:
    return unseal(sealed, aad).decode("utf-8")


def normalise_name(value: str) -> str:
    """The form a name is compared in: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str) -> str:
    """A keyed hash of a name, for equality lookups without storing the name.

    Its key is a data key of its own (wrapped like the others), so a master-key rotation
    does not change the index.
    """
    _pk, key = data_key("blind-index")
    return hmac.new(key, normalise_name(value).encode("utf-8"), hashlib.sha256).hexdigest()


def rotate(*, keep_old: bool = False) -> tuple[str, str, int]:
    """Re-wrap every data key under a new master key; returns (old id, new id, keys re-wrapped).

    All or nothing: every data key is first opened with the current key (a key that does not
    match stops here, before anything is written), then all are re-wrapped in one transaction.
    The new key is written as the `.next` key before that transaction and removed again if it
    fails; once it commits, the new key file atomically replaces the old one. A process killed
    between the commit and that replacement leaves `.next` holding the key the data needs:
    every process reads it, and running the command again finishes the rotation.
    """
    from refwatch.protection.models import DataKey

    env_mode = bool(os.environ.get("REFWATCH_MASTER_KEY"))
    written = False
    try:
        with transaction.atomic():
            _lock_data_keys()
            check_master_key()
            ring = keyring(reload=True)
            if ring.current is None:
                raise MasterKeyError("no master key to rotate from")
            rows = list(DataKey.objects.select_for_update().order_by("pk"))
            deks = {row.pk: _unwrap_row(row) for row in rows}
            if ring.next is None:
                if env_mode:
                    raise MasterKeyError(
                        "the master key comes from REFWATCH_MASTER_KEY: set REFWATCH_MASTER_KEY_NEXT to the new "
                        "key (e.g. from `refwatch keys generate`) in every process, then run the rotation again"
                    )
                write_key_file(next_key_path(), secrets.token_bytes(KEY_BYTES))
                written = True
                ring = keyring(reload=True)
            assert ring.current is not None and ring.next is not None
            old, new = ring.current, ring.next
            done = 0
            for row in rows:
                if row.master_id != new.key_id:
                    DataKey.objects.filter(pk=row.pk).update(
                        master_id=new.key_id, wrapped=wrap(new, deks[row.pk], row.scope)
                    )
                    done += 1
    except BaseException:
        if written:
            next_key_path().unlink(missing_ok=True)
        reset_caches()
        raise
    if not env_mode:
        path = key_file_path()
        if keep_old:
            write_key_file(path.with_name(path.name + f".retired-{old.key_id}"), old.key)
        os.replace(next_key_path(), path)
    reset_caches()
    return old.key_id, new.key_id, done
