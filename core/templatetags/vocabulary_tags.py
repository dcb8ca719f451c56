from django import template

from core import vocabulary
from core.countries import country_name

register = template.Library()

VOCABULARIES = {
    "agenda": vocabulary.Agenda,
    "level": vocabulary.Level,
    "pillar": vocabulary.Pillar,
    "region": vocabulary.Region,
    "kind": vocabulary.FrameworkKind,
    "status": vocabulary.FrameworkStatus,
    "budget": vocabulary.Budget,
    "yesno": vocabulary.YesNoUnknown,
    "role": vocabulary.CivilSocietyRole,
    "relation": vocabulary.Relation,
    "stakeholder": vocabulary.Stakeholder,
    "challenge": vocabulary.Challenge,
}


@register.filter
def label(code, vocabulary_name):
    """``{{ "WPS"|label:"agenda" }}`` gives "Women, Peace and Security"."""
    return vocabulary.label(VOCABULARIES[vocabulary_name], code)


@register.filter
def labels(codes, vocabulary_name):
    return [label(code, vocabulary_name) for code in codes or []]


@register.filter
def country(code):
    return country_name(code)


@register.filter
def value_of(mapping, key):
    """``{{ chosen|value_of:"kind" }}``: a dictionary's value in a template, or empty."""
    return mapping.get(key, "") if mapping else ""
