"""An event as an iCalendar file (RFC 5545), written with the standard library."""

import datetime

from django.conf import settings
from django.utils.html import strip_tags

from core.sites import site_hostname

UTC = datetime.UTC


def escape(text):
    """TEXT values: backslash, semicolon and comma escaped, line breaks as \\n (3.3.11)."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line):
    """Lines longer than 75 octets continue on the next line after a space (3.1)."""
    data = line.encode("utf-8")
    parts = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # the leading space of a continuation line counts
    parts.append(data)
    return b"\r\n ".join(parts).decode("utf-8")


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(event, url):
    start = event.starts_at
    end = event.ends_at or start + datetime.timedelta(hours=1)
    stamp = event.last_published_at or event.first_published_at or datetime.datetime.now(UTC)
    description = "\n".join(
        [strip_tags(event.search_description or "")]
        + (["Guiding questions:"] + event.question_list if event.question_list else [])
        + [url]
    ).strip()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(settings.WAGTAIL_SITE_NAME)}//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        # The same whatever address the calendar was fetched by, so a re-import updates it.
        f"UID:event-{event.pk}@{site_hostname()}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(start)}",
        f"DTEND:{utc(end)}",
        f"SUMMARY:{escape(event.title)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
