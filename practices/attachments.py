"""What an uploaded attachment must be before it is stored: one of the allowed kinds (by its
content, with a name that agrees), small enough to open safely, and without the metadata that
would tell who made it, where, when and with what.

Members of the network work in conflict zones: a photo's EXIF GPS position or a report's
author field can name a person or a place a practice withholds. Every file is therefore
rewritten when it is accepted, so nothing with metadata is ever stored:

- JPEG and PNG: the pixels are saved again (EXIF orientation applied first), without EXIF,
  XMP, IPTC, ICC profile (it names the device) or PNG text chunks;
- PDF: the pages are kept, the document information dictionary and every XMP stream go;
- DOCX: ``docProps/core.xml``, ``app.xml`` and ``custom.xml`` are blanked (author, last
  modified by, company, manager, template, dates, ...);
- ODT: ``meta.xml`` is blanked (initial creator, creator, dates, generator, ...);
- DOCX and ODT archives are written anew, each member with a neutral date.

DOCX and ODT are ZIP archives, which can hide a "ZIP bomb" (a few hundred kilobytes expanding
to gigabytes): an archive is refused on its declared sizes and compression ratios before any
member is read, and members are only ever read in bounded chunks.
"""

import io
import posixpath
import re
import shutil
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.text import slugify

import filetype

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What the content says it is, never what the name says.
ALLOWED_KINDS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
}
# The names a file of each kind may carry.
EXTENSIONS = {
    "pdf": {"pdf"},
    "jpg": {"jpg", "jpeg"},
    "png": {"png"},
    "docx": {"docx"},
    "odt": {"odt"},
}
KINDS_TEXT = "PDF, DOCX, ODT, JPEG or PNG"

MAX_FILES_PER_SAVE = 10
MAX_FILES_PER_PRACTICE = 20

# A DOCX or ODT of 10 MB holds text and a few pictures: these bounds leave room for any real
# one and refuse archives that would take the worker's memory or disk.
MAX_ARCHIVE_MEMBERS = 2000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# XML compresses about 10:1, pictures not at all; a run of zeros about 1000:1.
MAX_COMPRESSION_RATIO = 100
CHUNK_BYTES = 64 * 1024
# Decoding a picture takes about 4 bytes a pixel: 50 megapixels is 200 MB.
MAX_IMAGE_PIXELS = 50_000_000

# Text direction marks make "gnp.pdf" look like "fdp.png" (U+202E), and control characters
# have no place in a name.
DIRECTION_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

NEUTRAL_DATE = (1980, 1, 1, 0, 0, 0)
DOCX_BLANKS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/"/>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties"/>'
    ),
}
ODT_BLANKS = {
    "meta.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'office:version="1.2"><office:meta/></office:document-meta>'
    ),
}


class Refused(ValidationError):
    """An upload that is not stored, with the reason to show the member or editor."""


def check_name(name):
    """Refuse a name that hides its real extension or holds control characters."""
    if DIRECTION_MARKS.search(name) or any(unicodedata.category(c) == "Cc" for c in name):
        raise Refused(
            "A file name holds invisible control or text-direction characters, which can "
            "disguise what the file is: rename the file and attach it again."
        )


def extension_of(name):
    return posixpath.splitext(name)[1].lstrip(".").lower()


def check_archive(archive, name):
    """Refuse an archive on what it declares, before anything in it is read."""
    members = archive.infolist()
    bomb = Refused(
        f"“{name}” is an archive that expands far beyond its size (a “ZIP bomb”), so it was "
        "not opened."
    )
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise bomb
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if (
            member.file_size > MAX_MEMBER_BYTES
            or total > MAX_UNPACKED_BYTES
            or (member.file_size > CHUNK_BYTES and ratio > MAX_COMPRESSION_RATIO)
        ):
            raise bomb


def read_member(archive, member, limit):
    """At most ``limit`` bytes of a member, read in chunks: a member that expands beyond what
    it declared is stopped there."""
    data = bytearray()
    with archive.open(member) as source:
        while chunk := source.read(min(CHUNK_BYTES, limit + 1 - len(data))):
            data += chunk
            if len(data) > limit:
                raise Refused("An archive member is larger than it says.")
    return bytes(data)


def archive_kind(archive):
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = read_member(archive, "mimetype", 256).strip()
        if mimetype == b"application/vnd.oasis.opendocument.text":
            return "odt"
    elif "word/document.xml" in names and "[Content_Types].xml" in names:
        return "docx"
    return None


def attachment_kind(upload, name=None):
    """The extension the file's content shows, or None. DOCX and ODT are ZIP files: their
    kind is in the archive (the ODT ``mimetype`` entry, DOCX's ``word/document.xml``). Raises
    :class:`Refused` for an archive that would expand too far to be opened."""
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "application/zip" or head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                check_archive(archive, name or getattr(upload, "name", "The file"))
                return archive_kind(archive)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
            return None
        finally:
            upload.seek(0)
    return ALLOWED_KINDS.get(mime)


def strip_image(upload, kind):
    from PIL import Image, ImageOps

    with Image.open(upload) as image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise Refused(
                f"“{upload.name}” has more than {MAX_IMAGE_PIXELS // 1_000_000} million pixels: "
                "please send a smaller picture."
            )
        image.load()
        upright = ImageOps.exif_transpose(image)
    # A fresh image carries the pixels and nothing else (info holds EXIF, XMP, IPTC, ICC and
    # PNG text); only PNG transparency is part of the picture.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    if kind == "png" and "transparency" in upright.info:
        clean.info["transparency"] = upright.info["transparency"]
    if upright.mode == "P":
        clean.putpalette(upright.getpalette())
    out = io.BytesIO()
    if kind == "jpg":
        clean.save(out, "JPEG", quality=90, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()


def strip_pdf(upload):
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import DictionaryObject, NameObject

    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise Refused(
                f"“{upload.name}” is protected by a password: please attach it without one."
            )
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        # Every object of the file (pypdf has no public list of them).
        for obj in writer._objects:
            if isinstance(obj, DictionaryObject):
                # XMP may sit on the catalogue, pages, pictures and fonts; PieceInfo holds
                # the authoring application's private data.
                for key in ("/Metadata", "/PieceInfo"):
                    obj.pop(NameObject(key), None)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        raise Refused(
            f"“{upload.name}” could not be read as a PDF, so its hidden information (author, "
            "software, dates) could not be removed: save it again as PDF and attach it."
        ) from e
    return out.getvalue()


def strip_archive(upload, blanks):
    """The archive written anew: each member copied in chunks, with a neutral date, the
    metadata members in ``blanks`` replaced by empty ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(upload) as source, zipfile.ZipFile(out, "w") as target:
        check_archive(source, upload.name)
        for member in source.infolist():
            # A new entry, not a copy of the old one: its date, system and extra fields
            # (timestamps, owner ids) say where and when the archive was made.
            copy = zipfile.ZipInfo(member.filename, date_time=NEUTRAL_DATE)
            copy.compress_type = member.compress_type
            if member.is_dir():
                target.writestr(copy, b"")
            elif member.filename in blanks:
                target.writestr(copy, blanks[member.filename])
            else:
                with (
                    source.open(member) as original,
                    target.open(copy, "w", force_zip64=True) as rewritten,
                ):
                    # In chunks, and no further than the size the member declared (zipfile
                    # stops there), which check_archive bounded.
                    shutil.copyfileobj(original, rewritten, CHUNK_BYTES)
    return out.getvalue()


def without_metadata(upload, kind):
    """The file's bytes without the metadata described above."""
    upload.seek(0)
    try:
        if kind in ("jpg", "png"):
            return strip_image(upload, kind)
        if kind == "pdf":
            return strip_pdf(upload)
        return strip_archive(upload, DOCX_BLANKS if kind == "docx" else ODT_BLANKS)
    except Refused:
        raise
    except Exception as e:  # a malformed file of an allowed kind: refuse, never store it
        raise Refused(
            f"“{upload.name}” could not be read, so its hidden information could not be "
            "removed: save it again and attach it."
        ) from e
    finally:
        upload.seek(0)


class CleanFile(ContentFile):
    """A file already checked and rewritten: the document's pre_save hook leaves it as it is."""

    metadata_removed = True


def accept(upload):
    """The upload, checked and without its metadata, as a :class:`CleanFile` with the same
    name; or :class:`Refused`."""
    name = str(upload.name or "")
    check_name(name)
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise Refused(f"“{name}” is larger than 10 MB.")
    kind = attachment_kind(upload, name)
    if kind is None:
        raise Refused(
            f"“{name}” is not a {KINDS_TEXT} file (checked by its content, whatever its name)."
        )
    if extension_of(name) not in EXTENSIONS[kind]:
        raise Refused(
            f"“{name}” is a {kind.upper()} file by its content, but its name does not end in "
            f".{kind}: rename it and attach it again."
        )
    return CleanFile(without_metadata(upload, kind), name=name)


def neutral_name(title, number, extension):
    """``<practice title slug>-<number>.<extension>``: what a published file is called, never
    the name it was uploaded with (which may name an organisation or a place)."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title, allow_unicode=allow_unicode)[:60].strip("-") or "practice"
    return f"{base}-{number}.{extension}"
