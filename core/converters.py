"""Primary keys in URLs and forms: at most 18 ASCII digits. Django's ``int`` converter takes any
number of digits, and a 30-digit id overflows SQLite's 64-bit integers (a server error, not a
404); ``str.isdigit()`` also accepts "¹" and "٣", which ``int()`` refuses or reads."""

import re

KEY_PATTERN = "[0-9]{1,18}"
_KEY = re.compile(KEY_PATTERN)


def is_key(value):
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


class KeyConverter:
    regex = KEY_PATTERN

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
