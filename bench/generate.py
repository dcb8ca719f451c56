"""Generate N realistic practices into the current (fresh, migrated) database, fast.

Pages are bulk-inserted with correct treebeard paths under the PracticeIndexPage
(wagtailcore_page + practices_practicepage + countries, organisations and theme tags), then
Wagtail's search index is built for PracticePage with the backend's own ``add_items`` (so the
index entries are exactly what Wagtail would write on publish) and the facet table with
``search.facets.rebuild_all()``. Creating 100,000 pages one by one through the page tree API
would take hours; this takes about a minute.

A small share of the practices are drafts (never published): they are indexed like Wagtail
indexes drafts, and the sanity checks make sure the engine never returns them.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from practices.models import Organisation, PracticeIndexPage, PracticePage

from . import vocabulary as v

DRAFT_SHARE = 0.02
DRAFT_MARKER = "zzdraftonly"  # a word only drafts contain: searching it must find nothing
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, as Wagtail's Page uses it
STEPLEN = 4


def tree_step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def zipf_weights(n, exponent=0.9):
    return [1 / (rank**exponent) for rank in range(1, n + 1)]


@dataclass
class Practice:
    title: str
    summary: str
    description: str
    activities: str
    outcomes: str
    location: str
    level: str
    agendas: list
    pillars: list
    themes: list
    countries: list
    organisations: list
    start_year: int | None
    end_year: int | None
    published_at: datetime | None
    live: bool
    extra: dict = field(default_factory=dict)


class PracticeMaker:
    def __init__(self, seed=1325):
        self.rng = random.Random(seed)
        self.place_weights = zipf_weights(len(v.PLACES))
        self.method_weights = zipf_weights(len(v.METHODS), 0.7)
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def pick(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights)[0]

    def sample(self, pairs, k):
        chosen = []
        while len(chosen) < k:
            value = self.pick(pairs)
            if value not in chosen:
                chosen.append(value)
        return chosen

    def make(self, number, organisation_count):
        rng = self.rng
        place = rng.choices(v.PLACES, self.place_weights)[0]
        methods = list(dict.fromkeys(rng.choices(v.METHODS, self.method_weights, k=3)))
        actor, other = rng.sample(v.ACTORS, 2)
        with_women = rng.random() < 0.96
        with_peace = rng.random() < 0.92
        lead = actor if not with_women or "wom" in actor else "women " + actor
        title = rng.choice(
            [
                f"{lead.capitalize()} and {methods[0]} in {place}",
                f"{methods[0].capitalize()} for {'peace' if with_peace else 'safety'} in {place}",
                f"{place}: {lead} lead {methods[0]}",
            ]
        )
        summary = (
            f"{lead.capitalize()} in {place} use {methods[0]} and {methods[-1]} "
            f"to {'build peace' if with_peace else 'settle disputes'} with {other}."
        )[:300]
        sentences = [
            f"Since {rng.randint(1995, 2024)}, {lead} of {place} have met "
            f"{rng.choice(['weekly', 'monthly', 'every market day'])} with {other}.",
            f"They combine {', '.join(methods)} to {rng.choice(v.OUTCOMES)}.",
            " ".join(rng.choices(v.FILLER, k=rng.randint(30, 110))) + ".",
        ]
        if with_peace and rng.random() < 0.5:
            sentences.append("The peace committee reports to the district council.")
        countries = list(
            dict.fromkeys([self.pick(v.COUNTRIES) for _ in range(rng.choice([1, 1, 1, 1, 2, 3]))])
        )
        agendas = [a for a, share in v.AGENDAS if rng.random() < share] or ["WPS"]
        year = self.year()
        live = rng.random() >= DRAFT_SHARE
        description = " ".join(sentences)
        if not live:
            description += f" {DRAFT_MARKER}"
        return Practice(
            title=title[:255],
            summary=summary,
            description=description,
            activities=f"{methods[0].capitalize()} sessions; {rng.choice(v.OUTCOMES)}.",
            outcomes=rng.choice(v.OUTCOMES).capitalize() + ".",
            location=place,
            level=self.pick(v.LEVELS),
            agendas=agendas,
            pillars=self.sample(v.PILLARS, rng.choice([1, 1, 2, 2, 3])),
            themes=self.sample(v.THEMES, rng.choice([1, 2, 2, 3])),
            countries=countries,
            organisations=rng.sample(range(1, organisation_count + 1), rng.choice([1, 1, 2])),
            start_year=year,
            end_year=(
                None if year is None or rng.random() < 0.35 else min(2026, year + rng.randint(0, 6))
            ),
            published_at=(
                self.now - timedelta(seconds=rng.randint(0, 8 * 365 * 86400)) if live else None
            ),
            live=live,
        )

    def year(self):
        if self.rng.random() < 0.05:
            return None
        # Recent years are more frequent: the registry grew with the WPS agenda.
        return 2025 - min(30, int(self.rng.expovariate(1 / 6)))


def generate(count, seed=1325, organisation_count=None, progress=print):
    """Insert ``count`` practices under the PracticeIndexPage; returns a summary dict."""
    maker = PracticeMaker(seed)
    organisation_count = organisation_count or max(20, count // 20)
    parent = PracticeIndexPage.objects.get(locale=Locale.get_default())
    content_type = ContentType.objects.get_for_model(PracticePage)
    practices = [maker.make(i, organisation_count) for i in range(count)]
    with transaction.atomic(), connection.cursor() as cursor:
        _insert_organisations(cursor, maker.rng, organisation_count)
        _insert_pages(cursor, parent, content_type.pk, practices)
        # PostgreSQL's sequences do not see ids given explicitly: move them past the pages.
        for sql in connection.ops.sequence_reset_sql(no_style(), [Page, Organisation]):
            cursor.execute(sql)
    progress(f"  inserted {count} pages")
    indexed = build_search_index()
    progress(f"  indexed {indexed} pages")
    from search.facets import rebuild_all

    facetted = rebuild_all()
    progress(f"  facets of {facetted} live practices")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # SQLite and PostgreSQL alike: plans from real statistics
    return {
        "practices": count,
        "live": sum(p.live for p in practices),
        "drafts": sum(not p.live for p in practices),
    }


def _insert(cursor, model, objects, fields=None):
    """Insert ``objects`` into ``model``'s own table, every concrete column, as Django would.

    Built from the model's fields (defaults included), so a new column does not break it.
    """
    fields = fields or model._meta.local_concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects
    ]
    cursor.executemany(
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({marks})",
        rows,
    )


def _insert_organisations(cursor, rng, count):
    fields = [f for f in Organisation._meta.local_concrete_fields if not f.primary_key]
    names = ["Women", "Mothers", "Sisters", "Widows", "Daughters"]
    organisations = [
        Organisation(
            name=f"{rng.choice(names)} for peace network {n}",
            external_id=f"org-bench-{n}",
            kind="cso",
            agendas=["WPS"],
        )
        for n in range(1, count + 1)
    ]
    _insert(cursor, Organisation, organisations, fields)


def _insert_pages(cursor, parent, content_type_id, practices):
    cursor.execute("SELECT COALESCE(MAX(id), 0) FROM wagtailcore_page")
    first_id = cursor.fetchone()[0] + 1
    pages, country_rows, org_rows, tag_links = [], [], [], []
    for offset, p in enumerate(practices):
        page_id = first_id + offset
        slug = f"practice-{page_id}"
        published = p.published_at if p.live else None
        pages.append(
            PracticePage(
                id=page_id,
                page_ptr_id=page_id,
                path=parent.path + tree_step(parent.numchild + offset + 1),
                depth=parent.depth + 1,
                numchild=0,
                title=p.title,
                draft_title=p.title,
                slug=slug,
                live=p.live,
                has_unpublished_changes=not p.live,
                url_path=f"{parent.url_path}{slug}/",
                content_type_id=content_type_id,
                first_published_at=published,
                last_published_at=published,
                locale_id=parent.locale_id,
                translation_key=uuid.UUID(int=random.getrandbits(128)),
                external_id=f"practice-bench-{page_id}",
                summary=p.summary,
                description=p.description,
                location=p.location,
                level=p.level,
                agendas=p.agendas,
                pillars=p.pillars,
                start_year=p.start_year,
                end_year=p.end_year,
                stakeholders=["civil-society-organisation", "womens-network"],
                activities=p.activities,
                outcomes=p.outcomes,
                language="en",
            )
        )
        country_rows += [(n, code, page_id) for n, code in enumerate(p.countries)]
        org_rows += [(n, org, page_id) for n, org in enumerate(p.organisations)]
        tag_links += [(page_id, theme) for theme in p.themes]
    _insert(cursor, Page, pages)
    _insert(cursor, PracticePage, pages)
    cursor.executemany(
        "INSERT INTO practices_practicecountry (sort_order, country, practice_id) "
        "VALUES (%s, %s, %s)",
        country_rows,
    )
    cursor.executemany(
        "INSERT INTO practices_practiceorganisation (sort_order, organisation_id, practice_id) "
        "VALUES (%s, %s, %s)",
        org_rows,
    )
    tag_ids = {}
    for name, _ in v.THEMES:
        cursor.execute(
            "INSERT INTO taggit_tag (name, slug) VALUES (%s, %s)", [name, name.replace(" ", "-")]
        )
        cursor.execute("SELECT id FROM taggit_tag WHERE name = %s", [name])
        tag_ids[name] = cursor.fetchone()[0]
    cursor.executemany(
        "INSERT INTO practices_practicetag (content_object_id, tag_id) VALUES (%s, %s)",
        [(page_id, tag_ids[name]) for page_id, name in tag_links],
    )
    cursor.execute(
        "UPDATE wagtailcore_page SET numchild = numchild + %s WHERE id = %s",
        [len(practices), parent.pk],
    )


def build_search_index(batch_size=300):
    """Index every PracticePage with the search backend's own bulk indexing."""
    backend = get_search_backend()
    index = backend.get_index_for_model(PracticePage)
    pages = PracticePage.objects.order_by("pk").prefetch_related(
        "countries", "themes", "practice_organisations__organisation"
    )
    ids = list(pages.values_list("pk", flat=True))
    done = 0
    with transaction.atomic():
        for start in range(0, len(ids), batch_size):
            batch = list(pages.filter(pk__in=ids[start : start + batch_size]))
            index.add_items(PracticePage, batch)
            done += len(batch)
    return done
