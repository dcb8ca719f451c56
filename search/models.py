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
