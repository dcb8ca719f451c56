"""scripts/backup and scripts/restore (kb.backup): a realistic registry goes into one archive and
comes back whole into a fresh database and media folder. Runs on SQLite and, under
scripts/with-postgres, on PostgreSQL (pg_dump / pg_restore)."""

import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, Revision

import pytest

from core.setup import apply_site_setup
from kb.backup import BackupError, unpack_and_check
from practices.models import OrganisationMembership, PracticeAttachment, PracticePage
from practices.submission import private_collection
from tests.factories import OrganisationFactory, PracticePageFactory, member_of
from tests.files import jpeg_bytes, pdf_bytes, stored_bytes
from tests.utils import rebuild_site_tree

ROOT = Path(__file__).resolve().parents[2]

# What must come back, row by row: each table's primary keys and the columns that say what the
# row is (and, for members, their contact details).
IDENTITIES = [
    (get_user_model(), ["username", "email"]),
    (OrganisationMembership, ["user_id", "organisation_id", "confirmed"]),
    (Page, ["title", "live", "has_unpublished_changes", "latest_revision_id", "live_revision_id"]),
    (PracticePage, ["summary"]),
    (Revision, ["object_id", "content_type_id"]),
    (get_document_model(), ["title", "file", "collection_id", "file_hash"]),
    (Collection, ["name", "path"]),
    (CollectionViewRestriction, ["collection_id", "restriction_type"]),
    (PracticeAttachment, ["practice_id", "document_id"]),
]


def identities(cursor):
    """{table: [row, ...]} through a DB-API cursor, the same SQL on SQLite and PostgreSQL."""
    found = {}
    for model, fields in IDENTITIES:
        meta = model._meta
        columns = [meta.pk.column] + [meta.get_field(f).column for f in fields]
        quoted = ", ".join(f'"{column}"' for column in columns)
        # Names from the models, no value from outside.
        sql = f'SELECT {quoted} FROM "{meta.db_table}" ORDER BY "{meta.pk.column}"'  # noqa: S608
        cursor.execute(sql)
        found[meta.db_table] = [tuple(row) for row in cursor.fetchall()]
    return found


def document(title, content, name, collection):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=name), collection=collection
    )


@pytest.fixture
def registry(transactional_db):
    """Published and draft practices with revisions, a private and a public document, members
    with a membership: committed, as a running site's are."""
    rebuild_site_tree()
    # What migrations make and an earlier test's flush may have removed: the private collection.
    apply_site_setup(django_apps)
    organisation = OrganisationFactory(name="Women mediators of the Rift Valley")
    member = member_of(organisation, username="amina")
    member_of(organisation, username="grace", confirmed=False)
    published = PracticePageFactory(title="Peace huts", live=True, owner=member)
    edited = PracticePageFactory(title="Radio dialogues", live=True)
    edited.summary = "A new summary, not yet published."
    edited.save_revision()  # a draft over the published version
    drafted = PracticePageFactory(title="Land mediation", live=False, owner=member)
    drafted.save_revision()
    public = document(
        "Annual report", pdf_bytes("public report"), "report.pdf", Collection.get_first_root_node()
    )
    private = document("Contacts", jpeg_bytes(), "contacts.jpg", private_collection())
    PracticeAttachment.objects.create(practice=published, document=public)
    PracticeAttachment.objects.create(practice=drafted, document=private)
    return {
        "published": published,
        "edited": edited,
        "drafted": drafted,
        "public": public,
        "private": private,
    }


@pytest.fixture
def fresh_database(tmp_path):
    """A DATABASE_URL for an empty database of the same kind, and a DB-API connection opener."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg

    name = f"kb_restored_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    params = {"dbname": name, "host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    try:
        yield (
            f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{name}",
            lambda: psycopg.connect(**params),
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def url_of(db):
    """The DATABASE_URL of the database this test process uses (the test database)."""
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run_script(script, *args, database_url, media_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "PYTHON": sys.executable,
    }
    return subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_whole_into_a_fresh_database_and_media_folder(
    registry, fresh_database, tmp_path
):
    database_url, connect = fresh_database
    with connection.cursor() as cursor:
        before = identities(cursor)
    # The fixture's set is really there, so that "came back" means something.
    assert len(before["wagtaildocs_document"]) == 2
    assert len(before["practices_organisationmembership"]) == 2
    practice_ids = {row[0] for row in before["practices_practicepage"]}
    assert {registry[k].pk for k in ("published", "edited", "drafted")} <= practice_ids
    assert (
        sum(1 for row in before["wagtailcore_page"] if row[0] in practice_ids and not row[2]) == 1
    )
    assert (
        sum(
            1
            for row in before["wagtailcore_page"]
            if row[3] is not None and row[3] != row[4] and row[2]
        )
        >= 1
    )
    files = {doc.file.name: stored_bytes(doc) for doc in (registry["public"], registry["private"])}

    out = tmp_path / "backups"
    made = run_script(
        "backup",
        "--output-dir",
        str(out),
        database_url=url_of(connection.settings_dict),
        media_root=settings.MEDIA_ROOT,
    )
    assert made.returncode == 0, made.stderr
    (archive,) = out.iterdir()  # one file: no partial archive left behind
    assert made.stdout.strip() == str(archive)
    assert re.fullmatch(r"registry-\d{8}T\d{6}Z\.tar\.gz", archive.name)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["counts"]["practices.PracticePage"] == 3
    assert manifest["counts"]["wagtaildocs.Document"] == 2
    assert ["practices", "0001_initial"] in manifest["migrations"]
    assert {f"media/{name}" for name in files} <= names
    assert {f"media/{name}" for name in files} <= set(manifest["checksums"])

    media = tmp_path / "restored-media"
    done = run_script("restore", str(archive), database_url=database_url, media_root=media)
    assert done.returncode == 0, done.stderr
    with connect() as restored:
        after = identities(restored.cursor())
    assert after == before
    for name, content in files.items():
        assert (media / name).read_bytes() == content

    # A database that now has tables is not overwritten without --force.
    again = run_script(
        "restore", str(archive), database_url=database_url, media_root=tmp_path / "m2"
    )
    assert again.returncode != 0
    assert "already has tables" in again.stderr


def test_a_damaged_archive_is_refused_before_anything_is_restored(tmp_path):
    archive = tmp_path / "registry-20260101T000000Z.tar.gz"
    manifest = {
        "format": 1,
        "database": {"vendor": "sqlite", "member": "database.sqlite3"},
        "checksums": {"database.sqlite3": "0" * 64},
    }
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("database.sqlite3", b"x"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="damaged"):
        unpack_and_check(archive, tmp_path / "out")
    (tmp_path / "junk.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="cannot read"):
        unpack_and_check(tmp_path / "junk.tar.gz", tmp_path / "out2")
