from django.db import models


class PracticeFacet(models.Model):
    """One facet value of one published practice: (agenda, WPS), (country, KE), (theme, mediation).

    A denormalised copy of the live practice's classification, rebuilt whenever the practice is
    published and removed when it is unpublished, so that filtering by any facet and counting
    every facet over a filtered set are each one indexed query, on SQLite as on PostgreSQL.
    """

    practice = models.ForeignKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="facet_values"
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value", "practice"], name="facet_value_practice"),
            models.Index(fields=["practice", "facet", "value"], name="facet_practice_value"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "facet", "value"], name="practice_facet_value_once"
            )
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchState(models.Model):
    """Rows whose token changes with every change to what a process keeps in memory: row 1 for
    the database engine's sets and its words' matches (``search.engines.postings``,
    ``search.engines.phrases``; migrations 0002 and 0003), row 2 for the practices kept for
    results (``search.engines.hitcache``; migration 0004). Database triggers write a new random
    token in the same transaction as the change, so a process knows its copy is current by
    reading the row alone."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
