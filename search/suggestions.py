"""Suggested links between practices and provisions: what they are for and what they are.

Members typing the submission form, editors in the admin (*Suggested provisions*) and the public
pages (*Possibly related provisions* on a practice, *Possibly related practices* on a provision)
all ask the configured engine the same question, ``get_engine().related_provisions(subject)``
or ``get_engine().related_practices(provision)``, and get the same answer for the same practice.
Each engine answers in its own way, once: the database engine by TF-IDF
(``search.engines.database_suggestions``), Elasticsearch with ``more_like_this``
(``search.engines.es_queries``); the fallback engine asks the database when the cluster cannot.

The candidates are the same on every engine. For a subject: the provisions of live frameworks
of its countries, plus those of regional and global frameworks, but not the ones it already
links to. For a provision: the live, public practices of its framework's country (of any
country for a regional or global framework), not yet linked to it.

The database engine also counts, for each candidate provision, the published practices that
already carry it out: among provisions whose words match, those that many practices carry out
(typically a resolution's general paragraph on women's organisations in peacebuilding) are
likelier to be carried out by the next one. Elasticsearch ranks by the words alone.
"""

from dataclasses import dataclass, field

from core.vocabulary import FrameworkKind

# The kinds of framework whose provisions are candidates whatever the countries.
SUPRANATIONAL = (FrameworkKind.RAP, FrameworkKind.GLOBAL)
# A practice's texts that are compared with provisions, by their names on the page model and
# in the member's form; its themes' names are compared too.
TEXT_FIELDS = ("title", "summary", "description", "activities", "outcomes")
# Characters of the subject's text that are compared: several pages, far more than any
# practice's texts; more would add little but time (the text comes from the member's form too).
MAX_TEXT_LENGTH = 20_000


@dataclass(frozen=True)
class SuggestionSubject:
    """What provisions are suggested for: a practice's words and countries, and the provisions
    not to suggest (those it links to already). It is the same for a saved practice (editors,
    pages) and for what a member has typed so far in the form."""

    text: str
    countries: tuple = ()
    exclude_ids: frozenset = field(default_factory=frozenset)
    # A practice whose own links are not counted among what other practices carry out (the
    # evaluation asks as if the practice had never been linked).
    ignore_links_of: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "text", self.text[:MAX_TEXT_LENGTH])
        object.__setattr__(self, "countries", tuple(sorted(set(self.countries))))
        object.__setattr__(self, "exclude_ids", frozenset(int(pk) for pk in self.exclude_ids))

    @classmethod
    def of(cls, *texts, countries=(), exclude_ids=()):
        """A subject from separate texts (empty ones are left out)."""
        text = "\n".join(t.strip() for t in texts if t and t.strip())
        return cls(text, tuple(countries), frozenset(exclude_ids))

    @classmethod
    def from_practice(cls, practice):
        """A practice's subject. The practice may be an unsaved revision (the admin shows the
        latest one): its countries, themes and links are read from the object."""
        return cls.of(
            *(getattr(practice, name) for name in TEXT_FIELDS),
            *practice.theme_names,
            countries=practice.country_codes,
            exclude_ids={link.provision_id for link in practice.provision_links.all()},
        )


@dataclass
class Suggestion:
    item: object  # a Provision or a PracticePage
    score: float
