# English dates as the registry has always printed them ("1 December 2026"), the form UN
# documents use, instead of Django's American default ("Dec. 1, 2026"). The other languages
# keep Django's own formats for them.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
