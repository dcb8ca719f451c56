"""kb.views.development_media refuses documents/ after normalising the path, but Django's
``serve`` joins the path to MEDIA_ROOT and only checks that the result stays inside it: a path
that climbs out of MEDIA_ROOT and back in through its own name (``../media/documents/...``, the
default MEDIA_ROOT being BASE_DIR/media) is not "documents/..." after normpath, yet ``serve``
resolves it to MEDIA_ROOT/documents/... and sends the private file. (Clients such as
``curl --path-as-is`` send ``..`` segments unchanged.)"""

from django.http import Http404
from django.test import RequestFactory

import pytest

from kb.views import development_media


@pytest.fixture
def private_file(settings, media_root):
    settings.MEDIA_ROOT = media_root  # .../media, as the default BASE_DIR/media
    target = media_root / "documents" / "token" / "names.pdf"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"%PDF-1.4 secret")
    return settings.MEDIA_ROOT


def test_documents_are_refused(private_file):
    with pytest.raises(Http404):
        development_media(RequestFactory().get("/"), "documents/token/names.pdf")


def test_documents_are_refused_through_the_media_roots_own_name(private_file):
    assert private_file.name == "media"
    path = f"../{private_file.name}/documents/token/names.pdf"
    with pytest.raises(Http404):
        response = development_media(RequestFactory().get("/"), path)
        body = b"".join(response.streaming_content)
        pytest.fail(f"served {response.status_code}: {body!r}")
