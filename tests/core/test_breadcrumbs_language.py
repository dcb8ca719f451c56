"""Breadcrumbs in the language being read: the section's title in that language's copy of the
page tree, and addresses under the language's prefix."""

import re

import pytest

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def crumbs(html):
    trail = html.split("<ol>", 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', trail)


def test_an_arabic_reader_follows_arabic_breadcrumbs(client, practice_index):
    practice = PracticePageFactory(parent=practice_index, title="Women mediators in Kidal")
    english = crumbs(client.get(f"/practices/{practice.slug}/").content.decode())
    arabic = crumbs(client.get(f"/ar/practices/{practice.slug}/").content.decode())
    assert [href for href, _ in english] == ["/", "/practices/"]
    assert [href for href, _ in arabic] == ["/ar/", "/ar/practices/"]
    # The section is named by its Arabic copy, not by the English page the practice sits under.
    assert arabic[1][1] != english[1][1] and arabic[1][1] != practice_index.title
