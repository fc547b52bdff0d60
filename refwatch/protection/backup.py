"""Backups: the whole record in one encrypted file, and its restore onto an empty installation.

    refwatch backup PATH     the database (SQLite's online backup API, or pg_dump), every original
                             file, and a manifest, in one tar sealed with a key of this installation
    refwatch restore PATH    onto an installation that holds nothing yet

The audit chain lives in the database and travels with it; `refwatch audit verify` checks it after
a restore. The archive is sealed by envelope encryption, as stored personal fields are
(refwatch.protection.crypto): a random data key encrypts the archive with AES-256-GCM in chunks,
and the data key is wrapped by the master key. No key is in the backup: restoring needs the same
master key (REFWATCH_MASTER_KEY, the key file, or `refwatch keys combine` from the shares), as do
the sealed values inside the database, whose data keys are wrapped by it too.

File format: MAGIC, a 4-byte length, a JSON header (format, master key id, wrapped data key, chunk
size); then chunks, each a 4-byte length, a 12-byte nonce and the AES-GCM ciphertext, whose
associated data is the header, the chunk's number and whether it is the last: chunks cannot be
reordered, dropped or cut off without the restore failing.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from refwatch.knowledge.models import Document, Statement
from refwatch.protection import crypto
from refwatch.protection.models import AuditEntry, DataKey

MAGIC = b"REFWATCH-BACKUP\x01"
SCOPE = "backup"
CHUNK = 4 * 1024 * 1024
_LENGTH = struct.Struct(">I")
_ORIGINAL = re.compile(r"originals/[0-9a-f]{2}/[0-9a-f]{64}")
_DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(ValueError):
    """A backup that cannot be made or restored; the message says why, in one line."""


# --- making a backup ---------------------------------------------------------------------------


def create(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write the backup of this installation to `path` (replaced whole, or not at all); its manifest."""
    target = Path(path)
    master = crypto.keyring().for_wrapping() if _has_master_key() else None
    if master is None:
        raise BackupError(
            "no master key: a backup is sealed with the installation's master key "
            "(REFWATCH_MASTER_KEY or the key file); run `refwatch keys` to make or restore one"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".refwatch-backup-") as tmp:
        work = Path(tmp)
        database = work / _DATABASE[connection.vendor if connection.vendor == "postgresql" else "sqlite"]
        _dump_database(database)
        originals = sorted(
            p for p in Path(settings.ORIGINALS_DIR).glob("??/*") if _ORIGINAL.fullmatch(_rel(p))
        )
        manifest = {
            "format": 1,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": database.name,
            "originals": len(originals),
            **_counts(),
        }
        archive = work / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
            tar.add(database, arcname=database.name)
            for p in originals:
                tar.add(p, arcname=_rel(p))
        sealed = work / "backup.sealed"
        with archive.open("rb") as src, sealed.open("wb") as dst:
            _seal_stream(master, src, dst)
            dst.flush()
            os.fsync(dst.fileno())
        os.chmod(sealed, 0o600)
        os.replace(sealed, target)
    return manifest


def _has_master_key() -> bool:
    ring = crypto.keyring(reload=True)
    return bool(ring.keys())


def _rel(path: Path) -> str:
    return f"originals/{path.parent.name}/{path.name}"


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def _counts() -> dict[str, int]:
    return {
        "documents": Document.objects.count(),
        "statements": Statement.objects.count(),
        "audit_entries": AuditEntry.objects.count(),
    }


def _dump_database(out: Path) -> None:
    if connection.vendor == "postgresql":
        _pg(["pg_dump", "--format=custom", "--no-owner", f"--file={out}"])
        return
    connection.ensure_connection()
    # The online backup API: a consistent copy while other processes read and write.
    dst = sqlite3.connect(out)
    try:
        connection.connection.backup(dst)
    finally:
        dst.close()


def _pg(command: list[str]) -> None:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = [
        f"--host={db.get('HOST') or 'localhost'}",
        f"--username={db.get('USER') or ''}",
        f"--dbname={db['NAME']}",
    ]
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: it is needed to back up or restore PostgreSQL")
    done = subprocess.run([*command, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {' '.join(done.stderr.split())[:500]}")


# --- sealing -----------------------------------------------------------------------------------


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return MAGIC + header + struct.pack(">QB", index, last)


def _seal_stream(master: crypto.MasterKey, src: IO[bytes], dst: IO[bytes]) -> None:
    dek = secrets.token_bytes(crypto.KEY_BYTES)
    header = json.dumps(
        {
            "format": 1,
            "master_key_id": master.key_id,
            "wrapped_key": base64.b64encode(crypto.wrap(master, dek, SCOPE)).decode(),
            "chunk": CHUNK,
        },
        sort_keys=True,
    ).encode()
    dst.write(MAGIC + _LENGTH.pack(len(header)) + header)
    aes = AESGCM(dek)
    index, chunk = 0, src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        nonce = secrets.token_bytes(crypto.NONCE_BYTES)
        data = aes.encrypt(nonce, chunk, _aad(header, index, not following))
        dst.write(_LENGTH.pack(len(data)) + nonce + data)
        if not following:
            return
        index, chunk = index + 1, following


def _open_stream(src: IO[bytes]) -> Iterator[bytes]:
    if src.read(len(MAGIC)) != MAGIC:
        raise BackupError("not a refwatch backup (or one of a format this version does not know)")
    header = _read_exact(src, _read_length(src))
    try:
        meta = json.loads(header)
        wrapped = base64.b64decode(meta["wrapped_key"])
        key_id = str(meta["master_key_id"])
    except (ValueError, KeyError, TypeError):
        raise BackupError("the backup's header is damaged") from None
    master = crypto.keyring(reload=True).keys().get(key_id)
    if master is None:
        raise BackupError(
            f"this backup was sealed with master key {key_id}, which is not loaded here: set "
            "REFWATCH_MASTER_KEY or the key file to that key (or rebuild it with `refwatch keys combine`)"
        )
    try:
        aes = AESGCM(crypto.unwrap(master, wrapped, SCOPE, key_id))
    except crypto.MasterKeyError:
        raise BackupError(
            "the backup's data key does not open with the master key: the file was altered"
        ) from None
    index = 0
    while True:
        length = _read_length(src)
        if length is None:
            raise BackupError("the backup is cut short: its last part is missing")
        nonce, data = _read_exact(src, crypto.NONCE_BYTES), _read_exact(src, length)
        last = src.read(1) == b""
        if not last:
            src.seek(-1, os.SEEK_CUR)
        try:
            yield aes.decrypt(nonce, data, _aad(header, index, last))
        except InvalidTag:
            raise BackupError(
                f"part {index + 1} of the backup fails authentication: the file was altered or cut"
            ) from None
        if last:
            return
        index += 1


def _read_length(src: IO[bytes]) -> int | None:
    raw = src.read(_LENGTH.size)
    if not raw:
        return None
    if len(raw) != _LENGTH.size:
        raise BackupError("the backup is cut short")
    return _LENGTH.unpack(raw)[0]


def _read_exact(src: IO[bytes], n: int | None) -> bytes:
    data = src.read(n or 0)
    if n is None or len(data) != n:
        raise BackupError("the backup is cut short")
    return data


# --- restoring ---------------------------------------------------------------------------------


def what_is_stored() -> list[str]:
    """What this installation holds already ("3 documents", "1 user"…): empty when none."""
    held = [
        (Document.objects.count(), "document", "documents"),
        (get_user_model().objects.count(), "user", "users"),
        (AuditEntry.objects.count(), "audit entry", "audit entries"),
        (DataKey.objects.count(), "data key", "data keys"),
        (sum(1 for _ in Path(settings.ORIGINALS_DIR).glob("??/*")), "original file", "original files"),
    ]
    return [f"{n} {one if n == 1 else many}" for n, one, many in held if n]


def restore(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Restore the backup at `path` onto this installation, which must hold nothing yet; its manifest."""
    source = Path(path)
    held = what_is_stored()
    if held:
        raise BackupError(
            f"refusing to restore: this installation is not empty ({', '.join(held)}); restore onto a new "
            "one (another REFWATCH_HOME, or an empty database in DATABASE_URL)"
        )
    originals_dir = Path(settings.ORIGINALS_DIR)
    with tempfile.TemporaryDirectory(prefix=".refwatch-restore-", dir=originals_dir.parent) as tmp:
        work = Path(tmp)
        archive = work / "backup.tar"
        try:
            with source.open("rb") as src, archive.open("wb") as dst:
                for part in _open_stream(src):
                    dst.write(part)
        except OSError as error:
            raise BackupError(f"cannot read {source}: {error.strerror or error}") from None
        with tarfile.open(archive) as tar:
            members = tar.getmembers()
            bad = [
                m.name
                for m in members
                if not m.isfile()
                or not (m.name in ("manifest.json", *_DATABASE.values()) or _ORIGINAL.fullmatch(m.name))
            ]
            if bad:
                raise BackupError(f"the backup holds what a refwatch backup does not: {bad[0]!r}")
            tar.extractall(work / "x", filter="data")
        unpacked = work / "x"
        manifest = json.loads((unpacked / "manifest.json").read_text())
        _restore_database(unpacked / manifest["database"])
        for p in sorted((unpacked / "originals").glob("??/*")) if (unpacked / "originals").exists() else []:
            dest = originals_dir / p.parent.name / p.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest)
            os.chmod(dest, 0o440)
    crypto.reset_caches()
    return manifest


def _restore_database(dump: Path) -> None:
    vendor = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    if dump.name != _DATABASE[vendor]:
        raise BackupError(
            f"this backup holds a {'PostgreSQL' if dump.name.endswith('pgdump') else 'SQLite'} database and this "
            f"installation uses {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}: restore it onto one like the one it came from"
        )
    if vendor == "postgresql":
        connection.close()
        _pg(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump)])
        return
    connection.ensure_connection()
    src = sqlite3.connect(dump)
    try:
        # Page by page into the live database (its WAL included), as the backup was taken.
        src.backup(connection.connection)
    finally:
        src.close()
    connection.close()
