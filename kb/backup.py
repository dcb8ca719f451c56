"""Back up and restore the whole registry: the database and the media folder, in one archive.

An archive is ``registry-YYYYMMDDTHHMMSSZ.tar.gz`` holding

- ``manifest.json``: when and from what it was made, the applied migrations, the row count of
  every table the site's models use, and the SHA-256 of every other member;
- ``database.sqlite3`` (SQLite's online backup API, consistent while the site keeps writing) or
  ``database.pgdump`` (``pg_dump --format=custom``, one consistent snapshot);
- ``media/...``: everything under ``MEDIA_ROOT``, members' private attachments included (they
  live there too, under ``documents/<token>/``; only Wagtail's view guards them).

It holds members' contact details and private documents: it is written as a temporary file in
the destination folder (mode 0600, the folder 0700) and renamed into place once complete, so a
half-written archive never carries the final name.

``restore`` checks every checksum before it touches anything, refuses a database that already
has tables or a media folder that is not empty (unless ``force``), loads the database, unpacks
the media and then compares the restored row counts with the manifest's.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
PREFIX = "registry-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"
DEFAULT_PG_BIN = "/usr/lib/postgresql/15/bin"


class BackupError(Exception):
    """Something the person running the backup or the restore must fix; said plainly."""


# --- helpers ---------------------------------------------------------------------------------


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_tool(name):
    """``pg_dump``/``pg_restore`` from PG_BIN, else the PATH, else PostgreSQL 15's Debian home."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    found = shutil.which(name)
    if found:
        return found
    candidate = Path(DEFAULT_PG_BIN) / name
    if candidate.exists():
        return str(candidate)
    raise BackupError(f"{name} not found: install PostgreSQL's client tools or set PG_BIN")


def pg_environment(db):
    """libpq's variables for the Django database settings ``db`` (the password never on argv)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = db["NAME"]
    return env


def run_pg(args, db):
    done = subprocess.run(args, env=pg_environment(db), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()}")
    return done


def counted_models():
    """Every model with a table of its own (no proxies, no unmanaged ones), by label."""
    return sorted(
        (
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy
        ),
        key=lambda m: m._meta.label,
    )


def database_state(cursor, tables):
    """The applied migrations and every model table's row count, through a DB-API ``cursor``
    (the same SQL on SQLite and PostgreSQL; no manager that could filter rows)."""
    tables = set(tables)
    counts = {}
    for model in counted_models():
        table = model._meta.db_table
        if table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - a model's table
            counts[model._meta.label] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [list(row) for row in cursor.fetchall()]
    return {"migrations": migrations, "counts": counts}


def media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# --- backup ------------------------------------------------------------------------------------


def dump_database(workdir, alias="default"):
    """Write the database into ``workdir``; return the member's name and the database's state
    (``database_state``) in the very snapshot that was written, however busy the site is."""
    connection = connections[alias]
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        target = Path(workdir) / SQLITE_MEMBER
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # The online backup API: a consistent copy even while other processes write.
            connection.connection.backup(destination)
            cursor = destination.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            state = database_state(cursor, [row[0] for row in cursor.fetchall()])
        finally:
            destination.close()
        return SQLITE_MEMBER, state
    if connection.vendor == "postgresql":
        target = Path(workdir) / PG_MEMBER
        # pg_dump reads the snapshot this transaction exports, and the counts come from it too.
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            run_pg(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    db["NAME"],
                ],
                db,
            )
            state = database_state(cursor, connection.introspection.table_names(cursor))
        return PG_MEMBER, state
    raise BackupError(f"cannot back up a {connection.vendor} database")


def archive_name(now):
    return f"{PREFIX}{now:%Y%m%dT%H%M%SZ}{SUFFIX}"


def backup(output_dir, keep=None, alias="default"):
    """Write one archive into ``output_dir``; return its path. ``keep``: how many archives of
    this kind to leave there (the oldest beyond that are removed), ``None`` for all."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    final = output_dir / archive_name(now)
    media_root = Path(settings.MEDIA_ROOT)
    connection = connections[alias]

    with tempfile.TemporaryDirectory(prefix="registry-backup-") as workdir:
        database_member, state = dump_database(workdir, alias)
        files = media_files(media_root)
        checksums = {database_member: sha256_of(Path(workdir) / database_member)}
        for path in files:
            checksums[f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}"] = sha256_of(path)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat().replace("+00:00", "Z"),
            "database": {"vendor": connection.vendor, "member": database_member},
            "migrations": state["migrations"],
            "counts": state["counts"],
            "media_files": len(files),
            "checksums": checksums,
        }
        manifest_path = Path(workdir) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))

        # mkstemp creates the file with mode 0600; the name only becomes final once complete.
        fd, partial = tempfile.mkstemp(prefix=".partial-", suffix=SUFFIX, dir=output_dir)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(manifest_path, arcname=MANIFEST)
                tar.add(Path(workdir) / database_member, arcname=database_member)
                for path in files:
                    arcname = f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}"
                    tar.add(path, arcname=arcname, recursive=False)
                raw.flush()
                os.fsync(raw.fileno())
            os.chmod(partial, 0o600)
            os.replace(partial, final)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    if keep is not None:
        prune(output_dir, keep)
    return final


def prune(output_dir, keep):
    """Remove all but the ``keep`` newest archives (their names sort by date)."""
    archives = sorted(Path(output_dir).glob(f"{PREFIX}*{SUFFIX}"))
    for old in archives[: max(len(archives) - keep, 0)]:
        old.unlink()


# --- restore -----------------------------------------------------------------------------------


def read_manifest(tar):
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError("not a registry backup: no manifest.json") from None
    manifest = json.load(tar.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def unpack_and_check(archive, workdir):
    """Extract ``archive`` into ``workdir`` (no links, no paths outside it) and check that its
    members are exactly the manifest's, byte for byte. Returns the manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            manifest = read_manifest(tar)
            tar.extractall(workdir, filter="data")
    except (OSError, EOFError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"cannot read {archive}: {error}") from None
    workdir = Path(workdir)
    present = {p.relative_to(workdir).as_posix() for p in workdir.rglob("*") if p.is_file()} - {
        MANIFEST
    }
    expected = set(manifest["checksums"])
    if present != expected:
        raise BackupError(
            f"the archive's files differ from its manifest (missing: "
            f"{sorted(expected - present)[:5]}, unexpected: {sorted(present - expected)[:5]})"
        )
    for name, digest in manifest["checksums"].items():
        if sha256_of(workdir / name) != digest:
            raise BackupError(f"{name} is damaged: its checksum differs from the manifest's")
    return manifest


def database_has_tables(alias="default"):
    return bool(connections[alias].introspection.table_names())


def load_database(manifest, workdir, force, alias="default"):
    connection = connections[alias]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"the archive holds a {vendor} database; DATABASE_URL points at {connection.vendor}"
        )
    db = connection.settings_dict
    source = Path(workdir) / manifest["database"]["member"]
    if vendor == "sqlite":
        connection.close()
        origin = sqlite3.connect(source)
        target = sqlite3.connect(db["NAME"])
        try:
            origin.backup(target)  # replaces the whole target database, page by page
        finally:
            target.close()
            origin.close()
        return
    args = [
        pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={db['NAME']}",
    ]
    if force:
        args.append("--clean")
        args.append("--if-exists")
    connection.close()
    run_pg([*args, str(source)], db)


def load_media(workdir, media_root):
    source = Path(workdir) / MEDIA_MEMBER
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, media_root, dirs_exist_ok=True)


def restore(archive, force=False, alias="default"):
    """Restore ``archive`` into the configured database and MEDIA_ROOT; return the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if database_has_tables(alias):
            raise BackupError(
                "the database already has tables: restore into an empty database, "
                "or pass --force to replace its contents"
            )
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(
                f"the media folder {media_root} is not empty: restore into an empty one, "
                "or pass --force to write over it"
            )
    with tempfile.TemporaryDirectory(prefix="registry-restore-") as workdir:
        manifest = unpack_and_check(archive, workdir)
        load_database(manifest, workdir, force, alias)
        load_media(workdir, media_root)
    connection = connections[alias]
    connection.close()
    with connection.cursor() as cursor:
        counts = database_state(cursor, connection.introspection.table_names(cursor))["counts"]
    differ = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    if differ:
        raise BackupError(f"restored row counts differ from the manifest's: {differ}")
    return manifest


def unapplied_in_code(manifest):
    """Migrations the code has that the archive's database had not applied (run migrate), and
    ones the archive had that this code does not know (the code is older than the backup)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    in_code = {f"{app}.{name}" for app, name in loader.disk_migrations}
    in_archive = {f"{app}.{name}" for app, name in manifest["migrations"]}
    return sorted(in_code - in_archive), sorted(in_archive - in_code)
