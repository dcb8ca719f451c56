"""The vocabulary's labels are marked for translation, and label() still gives plain strings."""

import json

from django.db import models
from django.utils.functional import Promise

from core import vocabulary
from core.vocabulary import PRACTICE_LANGUAGES, Pillar, Region, label

CHOICES = [
    value
    for value in vars(vocabulary).values()
    if isinstance(value, type) and issubclass(value, models.TextChoices)
]


def test_every_label_of_every_vocabulary_is_marked():
    assert len(CHOICES) == 13
    unmarked = [
        (choices.__name__, code)
        for choices in CHOICES
        for code, name in choices.choices
        if not isinstance(name, Promise)
    ]
    assert unmarked == []
    assert all(isinstance(name, Promise) for _, name in PRACTICE_LANGUAGES)


def test_label_gives_a_plain_english_string_that_serialises():
    assert type(label(Region, "arab-states")) is str
    assert label(Region, "arab-states") == "Arab States"
    assert label(Pillar, "disaster-risk-reduction") == "Disaster risk reduction"
    assert " or ".join(label(Pillar, p) for p in ("prevention", "protection")) == (
        "Prevention or Protection"
    )
    assert json.dumps([label(Pillar, "prevention")]) == '["Prevention"]'
