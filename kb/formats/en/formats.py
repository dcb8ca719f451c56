"""English dates as the network writes them, day first ("1 December 2026"), for readers the
world over; French, Spanish and Arabic keep Django's own formats."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
YEAR_MONTH_FORMAT = "F Y"
