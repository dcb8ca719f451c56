"""The registry's controlled vocabulary: the single source of codes and labels (product.md).

Models, forms, importers, the API and templates all take their choices from here.
"""

from django.db import models


class Agenda(models.TextChoices):
    WPS = "WPS", "Women, Peace and Security"
    YPS = "YPS", "Youth, Peace and Security"
    SP = "SP", "Sustaining Peace"


class Level(models.TextChoices):
    LOCAL = "local", "Local"
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    GLOBAL = "global", "Global"


class Pillar(models.TextChoices):
    PREVENTION = "prevention", "Prevention"
    PROTECTION = "protection", "Protection"
    PARTICIPATION = "participation", "Participation"
    RELIEF_AND_RECOVERY = "relief-and-recovery", "Relief and recovery"
    PARTNERSHIPS = "partnerships", "Partnerships"
    DISENGAGEMENT_AND_REINTEGRATION = (
        "disengagement-and-reintegration",
        "Disengagement and reintegration",
    )


class Region(models.TextChoices):
    AFRICA = "africa", "Africa"
    AMERICAS_CARIBBEAN = "americas-caribbean", "Americas and the Caribbean"
    ARAB_STATES = "arab-states", "Arab States"
    ASIA_PACIFIC = "asia-pacific", "Asia and the Pacific"
    EUROPE_CENTRAL_ASIA = "europe-central-asia", "Europe and Central Asia"


class FrameworkKind(models.TextChoices):
    NAP = "nap", "National action plan"
    LAP = "lap", "Local action plan"
    RAP = "rap", "Regional action plan or strategy"
    GLOBAL = "global", "Global resolution, statement or report"
    POLICY = "policy", "Other national policy"


class FrameworkStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    IN_DEVELOPMENT = "in-development", "In development"


class Budget(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    NOT_ALLOCATED = "not-allocated", "Not allocated"
    UNKNOWN = "unknown", "Unknown"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class ObservedStatus(models.TextChoices):
    """What civil society observed of a provision's implementation (a monitoring note)."""

    NOT_STARTED = "not-started", "Not started"
    IN_PROGRESS = "in-progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    STALLED_OR_REVERSED = "stalled-or-reversed", "Stalled or reversed"
    UNKNOWN = "unknown", "Unknown"


class CivilSocietyRole(models.TextChoices):
    DRAFTING = "drafting", "Drafting"
    IMPLEMENTATION = "implementation", "Implementation"
    MONITORING = "monitoring", "Monitoring"


class Relation(models.TextChoices):
    IMPLEMENTS = "implements", "Implements"
    COMPLEMENTS = "complements", "Complements"
    MONITORS = "monitors", "Monitors"
    ADVOCATES_FOR = "advocates-for", "Advocates for"


class Stakeholder(models.TextChoices):
    POLITICAL_LEADERSHIP = "political-leadership", "Political leadership"
    FOREIGN_AFFAIRS = "ministry-of-foreign-affairs", "Ministry of foreign affairs"
    DEFENCE = "ministry-of-defence", "Ministry of defence"
    INTERIOR = "ministry-of-interior", "Ministry of interior"
    WOMEN_SOCIAL_AFFAIRS = (
        "ministry-of-womens-or-social-affairs",
        ("Ministry of women's or social affairs"),
    )
    ARMED_FORCES = "armed-forces", "Armed forces"
    POLICE = "police", "Police"
    PARLIAMENT = "parliament", "Parliament"
    LOCAL_GOVERNMENT = "local-government", "Local government"
    CSO = "civil-society-organisation", "Civil society organisation"
    WOMENS_NETWORK = "womens-network", "Women's network"
    YOUTH_NETWORK = "youth-network", "Youth network"
    ACTIVISTS = "activists", "Activists"
    ACADEMIA = "academia-and-experts", "Academia and experts"
    UN_ENTITY = "un-entity", "UN entity"
    REGIONAL_ORGANISATION = "regional-organisation", "Regional organisation"
    TRADITIONAL_FAITH_LEADERS = "traditional-or-faith-leaders", "Traditional or faith leaders"
    MEDIA = "media", "Media"
    DONORS = "donors", "Donors"


class Challenge(models.TextChoices):
    """The four challenges the network keeps meeting (concept note)."""

    POLITICAL_WILL = "political-will", "Political will"
    RESOURCES = "resources", "Resources"
    INCLUSIVE_DESIGN = "inclusive-design", "Inclusive design"
    MONITORING_AND_EVALUATION = "monitoring-and-evaluation", "Monitoring and evaluation"


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
        return choices(code).label
    except ValueError:
        return str(code).replace("-", " ").replace("_", " ").capitalize()


# The languages practices are written in (not the site's interface languages): ISO 639-1 codes
# where one exists, ISO 639-3 otherwise, with their English names. The UN's six languages, the
# regional lingua francas and the languages of the places the registry's members work in.
# Sorted by name when offered (PRACTICE_LANGUAGE_CHOICES).
PRACTICE_LANGUAGES = (
    ("af", "Afrikaans"),
    ("sq", "Albanian"),
    ("am", "Amharic"),
    ("ar", "Arabic"),
    ("hy", "Armenian"),
    ("az", "Azerbaijani"),
    ("bm", "Bambara"),
    ("bn", "Bengali"),
    ("bi", "Bislama"),
    ("bs", "Bosnian"),
    ("my", "Burmese"),
    ("zh", "Chinese"),
    ("hr", "Croatian"),
    ("prs", "Dari"),
    ("nl", "Dutch"),
    ("en", "English"),
    ("fj", "Fijian"),
    ("fil", "Filipino"),
    ("fr", "French"),
    ("ff", "Fulfulde (Fula)"),
    ("ka", "Georgian"),
    ("de", "German"),
    ("ht", "Haitian Creole"),
    ("ha", "Hausa"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("ig", "Igbo"),
    ("id", "Indonesian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("kk", "Kazakh"),
    ("km", "Khmer"),
    ("rw", "Kinyarwanda"),
    ("rn", "Kirundi"),
    ("ko", "Korean"),
    ("ku", "Kurdish"),
    ("ky", "Kyrgyz"),
    ("lo", "Lao"),
    ("ln", "Lingala"),
    ("mk", "Macedonian"),
    ("mg", "Malagasy"),
    ("ms", "Malay (Bahasa Malaysia)"),
    ("mn", "Mongolian"),
    ("ne", "Nepali"),
    ("om", "Oromo"),
    ("ps", "Pashto"),
    ("fa", "Persian (Farsi)"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sg", "Sango"),
    ("sr", "Serbian"),
    ("si", "Sinhala"),
    ("so", "Somali"),
    ("es", "Spanish"),
    ("sw", "Swahili"),
    ("sv", "Swedish"),
    ("tg", "Tajik"),
    ("ta", "Tamil"),
    ("tet", "Tetum"),
    ("th", "Thai"),
    ("ti", "Tigrinya"),
    ("tpi", "Tok Pisin"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("vi", "Vietnamese"),
    ("wo", "Wolof"),
    ("xh", "Xhosa"),
    ("yo", "Yoruba"),
    ("zu", "Zulu"),
)
PRACTICE_LANGUAGE_CHOICES = sorted(PRACTICE_LANGUAGES, key=lambda pair: pair[1])


def practice_language_code(code):
    """The registry's code for a language code as other lists write it: "pt-br", "zh-hans" or
    "sr-latn" (Django's interface languages, stored before the registry had its own list) become
    "pt", "zh" and "sr"; a code of the list, or one it cannot place, comes back unchanged."""
    known = {c for c, _ in PRACTICE_LANGUAGES}
    if code in known:
        return code
    base = (code or "").split("-")[0].split("_")[0].lower()
    return base if base in known else code
