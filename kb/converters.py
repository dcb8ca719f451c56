"""A URL converter for primary keys: at most 18 digits. Django's ``int`` takes any number of
digits, and a 30-digit id overflows SQLite's 64-bit integers (a server error, not a 404)."""


class KeyConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
