"""Real files of the kinds members attach, built in memory, with or without metadata."""

import io
import zipfile


def pdf_bytes(text="Practice report", author=None, xmp=None):
    """A one-page PDF whose page draws ``text``; with ``/Author`` and an XMP stream if given."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    if author:
        writer.add_metadata({"/Author": author, "/Creator": "Field laptop"})
    if xmp:
        stream = DecodedStreamObject()
        stream.set_data(xmp.encode())
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_bytes(size=(40, 20), artist=None, gps=None, orientation=None, fmt="JPEG"):
    """A picture, left half red and right half blue; EXIF Artist, GPS and Orientation if
    given."""
    from PIL import Image

    image = Image.new("RGB", size, "blue")
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if artist:
        exif[0x013B] = artist
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (gps, 0.0, 0.0), 3: "E", 4: (gps, 0.0, 0.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def docx_bytes(text="Practice report", author=None, company=None):
    core = (
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
        'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/'
        f'dc/elements/1.1/"><dc:creator>{author or ""}</dc:creator><cp:lastModifiedBy>'
        f"{author or ''}</cp:lastModifiedBy></cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats'
        f'.org/officeDocument/2006/extended-properties"><Company>{company or ""}</Company>'
        f"<Manager>{author or ''}</Manager></Properties>"
    )
    return zip_bytes(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "word/document.xml": f"<w:document><w:body><w:t>{text}</w:t></w:body></w:document>",
            "docProps/core.xml": core,
            "docProps/app.xml": app,
        }
    )


def odt_bytes(text="Practice report", author=None):
    meta = (
        '<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:'
        'meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
        f"<meta:initial-creator>{author or ''}</meta:initial-creator>"
        f"<dc:creator>{author or ''}</dc:creator></office:meta></office:document-meta>"
    )
    return zip_bytes(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": f"<office:document-content><text:p>{text}</text:p>"
            "</office:document-content>",
            "meta.xml": meta,
        }
    )


def zip_bytes(members):
    """A ZIP of ``{name: text}``; ``mimetype`` first and stored, as ODF wants it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            compression = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=compression)
    return out.getvalue()


def stored_bytes(document):
    """What storage holds for a document's file."""
    with document.file.open("rb") as handle:
        return handle.read()
