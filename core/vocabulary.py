"""The registry's controlled vocabulary: the single source of codes and labels (product.md).

Models, forms, importers, the API and templates all take their choices from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Agenda(models.TextChoices):
    WPS = "WPS", _("Women, Peace and Security")
    YPS = "YPS", _("Youth, Peace and Security")
    SP = "SP", _("Sustaining Peace")


class Level(models.TextChoices):
    LOCAL = "local", pgettext_lazy("level", "Local")
    NATIONAL = "national", pgettext_lazy("level", "National")
    REGIONAL = "regional", pgettext_lazy("level", "Regional")
    GLOBAL = "global", pgettext_lazy("level", "Global")


class Pillar(models.TextChoices):
    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PARTICIPATION = "participation", _("Participation")
    RELIEF_AND_RECOVERY = "relief-and-recovery", _("Relief and recovery")
    PARTNERSHIPS = "partnerships", _("Partnerships")
    DISENGAGEMENT_AND_REINTEGRATION = (
        "disengagement-and-reintegration",
        _("Disengagement and reintegration"),
    )


class Region(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS_CARIBBEAN = "americas-caribbean", _("Americas and the Caribbean")
    ARAB_STATES = "arab-states", _("Arab States")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE_CENTRAL_ASIA = "europe-central-asia", _("Europe and Central Asia")


class FrameworkKind(models.TextChoices):
    NAP = "nap", _("National action plan")
    LAP = "lap", _("Local action plan")
    RAP = "rap", _("Regional action plan or strategy")
    GLOBAL = "global", _("Global resolution, statement or report")
    POLICY = "policy", _("Other national policy")


class FrameworkStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("framework status", "Active")
    EXPIRED = "expired", pgettext_lazy("framework status", "Expired")
    IN_DEVELOPMENT = "in-development", pgettext_lazy("framework status", "In development")


class Budget(models.TextChoices):
    ALLOCATED = "allocated", pgettext_lazy("budget", "Allocated")
    NOT_ALLOCATED = "not-allocated", pgettext_lazy("budget", "Not allocated")
    UNKNOWN = "unknown", pgettext_lazy("budget", "Unknown")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class ObservedStatus(models.TextChoices):
    """What civil society observed of a provision's implementation (a monitoring note)."""

    NOT_STARTED = "not-started", pgettext_lazy("observed status", "Not started")
    IN_PROGRESS = "in-progress", pgettext_lazy("observed status", "In progress")
    ACHIEVED = "achieved", pgettext_lazy("observed status", "Achieved")
    STALLED_OR_REVERSED = (
        "stalled-or-reversed",
        pgettext_lazy("observed status", "Stalled or reversed"),
    )
    UNKNOWN = "unknown", pgettext_lazy("observed status", "Unknown")


class CivilSocietyRole(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    IMPLEMENTATION = "implementation", _("Implementation")
    MONITORING = "monitoring", _("Monitoring")


class Relation(models.TextChoices):
    IMPLEMENTS = "implements", _("Implements")
    COMPLEMENTS = "complements", _("Complements")
    MONITORS = "monitors", _("Monitors")
    ADVOCATES_FOR = "advocates-for", _("Advocates for")


class Stakeholder(models.TextChoices):
    POLITICAL_LEADERSHIP = "political-leadership", _("Political leadership")
    FOREIGN_AFFAIRS = "ministry-of-foreign-affairs", _("Ministry of foreign affairs")
    DEFENCE = "ministry-of-defence", _("Ministry of defence")
    INTERIOR = "ministry-of-interior", _("Ministry of interior")
    WOMEN_SOCIAL_AFFAIRS = (
        "ministry-of-womens-or-social-affairs",
        _("Ministry of women's or social affairs"),
    )
    ARMED_FORCES = "armed-forces", _("Armed forces")
    POLICE = "police", _("Police")
    PARLIAMENT = "parliament", _("Parliament")
    LOCAL_GOVERNMENT = "local-government", _("Local government")
    CSO = "civil-society-organisation", _("Civil society organisation")
    WOMENS_NETWORK = "womens-network", _("Women's network")
    YOUTH_NETWORK = "youth-network", _("Youth network")
    ACTIVISTS = "activists", _("Activists")
    ACADEMIA = "academia-and-experts", _("Academia and experts")
    UN_ENTITY = "un-entity", _("UN entity")
    REGIONAL_ORGANISATION = "regional-organisation", _("Regional organisation")
    TRADITIONAL_FAITH_LEADERS = "traditional-or-faith-leaders", _("Traditional or faith leaders")
    MEDIA = "media", _("Media")
    DONORS = "donors", _("Donors")


class Challenge(models.TextChoices):
    """The four challenges the network keeps meeting (concept note)."""

    POLITICAL_WILL = "political-will", _("Political will")
    RESOURCES = "resources", _("Resources")
    INCLUSIVE_DESIGN = "inclusive-design", _("Inclusive design")
    MONITORING_AND_EVALUATION = "monitoring-and-evaluation", _("Monitoring and evaluation")


SUGGESTED_THEMES = [
    "mediation",
    "peace negotiations",
    "early warning",
    "conflict prevention",
    "preventing violent extremism",
    "counter-terrorism",
    "transitional justice",
    "sexual and gender-based violence",
    "protection of girls",
    "women human rights defenders",
    "LGBTQI+ and gender minorities",
    "peacekeeping",
    "security sector reform",
    "disarmament and small arms",
    "climate security",
    "displacement",
    "economic empowerment",
    "political participation",
    "local action plan",
    "localisation",
    "monitoring and evaluation",
    "funding",
    "youth participation",
    "men and boys",
    "disability",
    "online violence",
    "humanitarian action",
    "reconciliation",
]


def label(choices, code):
    """The label of ``code`` in ``choices``, or the code made readable if it is not one of them.

    Provisions keep the pillar labels of their own plan (``disaster-risk-reduction``), so a code
    outside the vocabulary is shown, not dropped.
    """
    try:
        # A str in the active language, not the lazy label: callers join and serialise it.
        return str(choices(code).label)
    except ValueError:
        return str(code).replace("-", " ").replace("_", " ").capitalize()


# The languages practices are written in (not the site's interface languages): ISO 639-1 codes
# where one exists, ISO 639-3 otherwise, with their English names. The UN's six languages, the
# regional lingua francas and the languages of the places the registry's members work in.
# Written in the order of their English names, the order they are offered in
# (PRACTICE_LANGUAGE_CHOICES); the names are marked for translation.
PRACTICE_LANGUAGES = (
    ("af", _("Afrikaans")),
    ("sq", _("Albanian")),
    ("am", _("Amharic")),
    ("ar", _("Arabic")),
    ("hy", _("Armenian")),
    ("az", _("Azerbaijani")),
    ("bm", _("Bambara")),
    ("bn", _("Bengali")),
    ("bi", _("Bislama")),
    ("bs", _("Bosnian")),
    ("my", _("Burmese")),
    ("zh", _("Chinese")),
    ("hr", _("Croatian")),
    ("prs", _("Dari")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fj", _("Fijian")),
    ("fil", _("Filipino")),
    ("fr", _("French")),
    ("ff", _("Fulfulde (Fula)")),
    ("ka", _("Georgian")),
    ("de", _("German")),
    ("ht", _("Haitian Creole")),
    ("ha", _("Hausa")),
    ("he", _("Hebrew")),
    ("hi", _("Hindi")),
    ("ig", _("Igbo")),
    ("id", _("Indonesian")),
    ("it", _("Italian")),
    ("ja", _("Japanese")),
    ("kk", _("Kazakh")),
    ("km", _("Khmer")),
    ("rw", _("Kinyarwanda")),
    ("rn", _("Kirundi")),
    ("ko", _("Korean")),
    ("ku", _("Kurdish")),
    ("ky", _("Kyrgyz")),
    ("lo", _("Lao")),
    ("ln", _("Lingala")),
    ("mk", _("Macedonian")),
    ("mg", _("Malagasy")),
    ("ms", _("Malay (Bahasa Malaysia)")),
    ("mn", _("Mongolian")),
    ("ne", _("Nepali")),
    ("om", _("Oromo")),
    ("ps", _("Pashto")),
    ("fa", _("Persian (Farsi)")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("sg", _("Sango")),
    ("sr", _("Serbian")),
    ("si", _("Sinhala")),
    ("so", _("Somali")),
    ("es", _("Spanish")),
    ("sw", _("Swahili")),
    ("sv", _("Swedish")),
    ("tg", _("Tajik")),
    ("ta", _("Tamil")),
    ("tet", _("Tetum")),
    ("th", _("Thai")),
    ("ti", _("Tigrinya")),
    ("tpi", _("Tok Pisin")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ur", _("Urdu")),
    ("uz", _("Uzbek")),
    ("vi", _("Vietnamese")),
    ("wo", _("Wolof")),
    ("xh", _("Xhosa")),
    ("yo", _("Yoruba")),
    ("zu", _("Zulu")),
)
# Not sorted here: the names are lazy, and sorting them would translate them on import.
PRACTICE_LANGUAGE_CHOICES = list(PRACTICE_LANGUAGES)


def practice_language_code(code):
    """The registry's code for a language code as other lists write it: "pt-br", "zh-hans" or
    "sr-latn" (Django's interface languages, stored before the registry had its own list) become
    "pt", "zh" and "sr"; a code of the list, or one it cannot place, comes back unchanged."""
    known = {c for c, _ in PRACTICE_LANGUAGES}
    if code in known:
        return code
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in known else code
