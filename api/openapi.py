"""The OpenAPI 3.1 document of /api/v1/, built from the parameters the views read (api.params).

Response schemas are JSON Schema 2020-12 (which OpenAPI 3.1 uses as is), and the tests validate
real responses against them, so the document cannot drift from what the API answers.
"""

from django.conf import settings

from core.vocabulary import (
    Agenda,
    Budget,
    CivilSocietyRole,
    FrameworkKind,
    FrameworkStatus,
    Level,
    ObservedStatus,
    Relation,
    YesNoUnknown,
)
from search.facets import FACETS

from .params import FRAMEWORK_PARAMETERS, MONITORING_PARAMETERS, practice_parameters


def _nullable(schema):
    return {**schema, "type": [schema["type"], "null"]}


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
YEAR = {"type": ["integer", "null"]}
URL = {"type": ["string", "null"], "format": "uri"}


def _codes(choices):
    return {"type": "array", "items": {"type": "string", "enum": list(choices.values)}}


def _object(properties, optional=()):
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


PRACTICE_PROPERTIES = {
    "id": {"type": "integer"},
    "external_id": _nullable(STRING),
    "title": STRING,
    "url": {**URL, "description": "The practice's public page."},
    "summary": {"type": "string", "maxLength": 300},
    "organisations": {
        **STRINGS,
        "description": "Organisation names; empty when the practice is published without them.",
    },
    "credit_line": {
        **_nullable(STRING),
        "description": "Who ran it with whom, as the practice credits them; null when it has no "
        "credit line or is published without its organisations.",
    },
    "countries": {**STRINGS, "description": "ISO 3166-1 alpha-2 codes."},
    "region": {
        "type": ["string", "null"],
        "description": "The UN Women region of the countries; null when they span several.",
    },
    "level": {"type": "string", "enum": list(Level.values)},
    "agendas": _codes(Agenda),
    "pillars": STRINGS,
    "themes": STRINGS,
    "start_year": YEAR,
    "end_year": {**YEAR, "description": "null while ongoing."},
    "provisions": {
        "type": "array",
        "description": "Linked provisions of published frameworks.",
        "items": {"$ref": "#/components/schemas/ProvisionLink"},
    },
}
HIGHLIGHT = {
    "type": ["string", "null"],
    "description": "Only when `q` is given: a short passage with the matched words in "
    "`<mark>` tags. It is HTML whose text is already escaped: `<mark>` and `</mark>` are the "
    "only tags it can contain, so it can be inserted into a page as it is.",
}
PRACTICE_DETAIL_PROPERTIES = {
    **PRACTICE_PROPERTIES,
    "description": STRING,
    "location": {
        "type": ["string", "null"],
        "description": "Below country level; null when unknown or withheld.",
    },
    "stakeholders": STRINGS,
    "activities": _nullable(STRING),
    "outcomes": _nullable(STRING),
    "challenge_types": STRINGS,
    "challenges": _nullable(STRING),
    "lessons_learned": _nullable(STRING),
    "funding": _nullable(STRING),
    "frameworks": {**STRINGS, "description": "external_id of linked whole frameworks."},
    "sources": STRINGS,
    "language": {
        "type": "string",
        "description": "The language the practice was written in (a code of the registry's "
        "list of languages).",
    },
    "translations": {
        "type": "array",
        "description": "The published translations editors made of it, by language: each the "
        "language of its text (en, fr, es or ar) and its translated text (null where empty).",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["language", "title", "summary", "description"],
            "properties": {
                "language": {"type": "string"},
                "title": STRING,
                "summary": STRING,
                "description": STRING,
                "activities": _nullable(STRING),
                "outcomes": _nullable(STRING),
                "challenges": _nullable(STRING),
                "lessons_learned": _nullable(STRING),
                "funding": _nullable(STRING),
            },
        },
    },
}
FRAMEWORK_PROPERTIES = {
    "id": {"type": "integer"},
    "external_id": _nullable(STRING),
    "title": STRING,
    "url": URL,
    "kind": {"type": "string", "enum": list(FrameworkKind.values)},
    "symbol": {"type": ["string", "null"], "description": "UN document symbol."},
    "agendas": _codes(Agenda),
    "country": _nullable(STRING),
    "region": _nullable(STRING),
    "organisation": {"type": ["string", "null"], "description": "For regional plans."},
    "generation": YEAR,
    "adopted_year": YEAR,
    "start_year": YEAR,
    "end_year": YEAR,
    "status": {
        "type": ["string", "null"],
        "enum": [*FrameworkStatus.values, None],
        "description": "Derived from the period; null when nothing is known of it.",
    },
    "next_plan_expected": {
        "type": ["string", "null"],
        "description": 'What is known of the plan that follows, in one line, e.g. "2027" or '
        '"drafting began in 2025"; null when nothing is known.',
    },
    "lead_institution": _nullable(STRING),
    "pillars": STRINGS,
    "budget": {
        "type": "string",
        "enum": list(Budget.values),
        "description": "Whether the plan has a dedicated or costed budget.",
    },
    "me_framework": {
        "type": "string",
        "enum": list(YesNoUnknown.values),
        "description": "Whether the plan has a monitoring and evaluation framework.",
    },
    "civil_society_roles": {
        **_codes(CivilSocietyRole),
        "type": ["array", "null"],
        "description": "The roles civil society had: [] when the sources say none, null when "
        "nothing is known.",
    },
    "document_url": {**URL, "description": "Where the framework's own text can be read."},
    "summary": _nullable(STRING),
    "sources": STRINGS,
    "coverage": _object(
        {
            "provisions": {"type": "integer", "description": "Provisions in the registry."},
            "covered": {
                "type": "integer",
                "description": "Provisions with at least one published practice linked.",
            },
            "by_relation": {
                **_object({code: {"type": "integer"} for code in Relation.values}),
                "description": "For each relation, the provisions with at least one published "
                "practice linked so; a provision counts once per relation.",
            },
        }
    ),
}


def _page_of(item_ref, with_facets):
    properties = {
        "count": {"type": "integer", "description": "Results over all pages."},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "next": {
            **URL,
            "description": "The next page, every other parameter kept; null on the last page.",
        },
        "previous": {
            **URL,
            "description": "The previous page (the last one when this page is "
            "past it); null on the first page.",
        },
        "results": {"type": "array", "items": {"$ref": item_ref}},
    }
    if with_facets:
        properties["facets"] = {
            "type": "object",
            "description": "For each facet, {value: number of results}, over all pages, "
            "most frequent first. A facet without a filter in the request is counted over the "
            "filtered results; a facet with a filter is counted over the results of every "
            "other filter (the text, the years and the other facets) but not its own, so each "
            "of its values keeps the number of results it gives or would add: values of one "
            "facet are ORed, facets are ANDed.",
            "properties": {
                facet: {"type": "object", "additionalProperties": {"type": "integer"}}
                for facet in FACETS
            },
            "required": list(FACETS),
            "additionalProperties": False,
        }
    return _object(properties)


def practice_list_schema():
    """A page of practices, with a count of each facet of the registry as it is now."""
    return _page_of("#/components/schemas/Practice", with_facets=True)


SCHEMAS = {
    "ProvisionLink": _object(
        {
            "framework": {"type": "string", "description": "The framework's external_id."},
            "code": STRING,
            "relation": {"type": "string", "enum": list(Relation.values)},
            "url": URL,
        }
    ),
    "Practice": _object({**PRACTICE_PROPERTIES, "highlight": HIGHLIGHT}, optional=["highlight"]),
    "PracticeDetail": _object(PRACTICE_DETAIL_PROPERTIES),
    "PracticeList": practice_list_schema(),
    "Framework": _object(FRAMEWORK_PROPERTIES),
    "Provision": _object(
        {
            "id": {"type": "integer", "description": "The `provision` filter of monitoring notes."},
            "code": {"type": "string", "description": "As printed in the plan, e.g. 2.3."},
            "pillar": _nullable(STRING),
            "text": STRING,
            "responsible": STRINGS,
            "indicators": STRINGS,
            "url": URL,
            "linked_practice_count": {
                "type": "integer",
                "description": "Published practices linked to the provision.",
            },
            "latest_status": {
                "type": ["string", "null"],
                "enum": [*ObservedStatus.values, None],
                "description": "The status civil society last observed (the published "
                "monitoring note of the most recent period); null when not yet observed.",
            },
        }
    ),
    "MonitoringNote": _object(
        {
            "id": {"type": "integer"},
            "provision": _object({"id": {"type": "integer"}, "code": STRING, "url": URL}),
            "framework": _object({"id": {"type": "integer"}, "title": STRING}),
            "country": {**_nullable(STRING), "description": "The framework's country."},
            "status": {"type": "string", "enum": list(ObservedStatus.values)},
            "period_from": {
                "type": "string",
                "description": "YYYY or YYYY-MM: the period observed starts.",
            },
            "period_to": {"type": "string", "description": "YYYY or YYYY-MM: it ends."},
            "evidence": {"type": "string", "maxLength": 2000},
            "source_url": URL,
            "attachment_url": {
                **URL,
                "description": "The evidence file, once public; null when there is none.",
            },
            "local_women_organisations": {
                "type": "string",
                "enum": list(YesNoUnknown.values),
                "description": "Whether local women's organisations took part.",
            },
            "organisation": {
                "type": ["string", "null"],
                "description": "Who observed; null when the note withholds it.",
            },
            "location": {
                "type": ["string", "null"],
                "description": "Where below country level; null when withheld or not given.",
            },
            "published_at": {"type": ["string", "null"], "format": "date-time"},
        }
    ),
    "FrameworkDetail": _object(
        {
            **FRAMEWORK_PROPERTIES,
            "provisions": {"type": "array", "items": {"$ref": "#/components/schemas/Provision"}},
        }
    ),
    "FrameworkList": _page_of("#/components/schemas/Framework", with_facets=False),
    "MonitoringNoteList": _page_of("#/components/schemas/MonitoringNote", with_facets=False),
    "Error": _object(
        {
            "error": {"type": "string", "description": "What is wrong, for a person."},
            "parameter": {"type": "string", "description": "The parameter at fault."},
        },
        optional=["parameter"],
    ),
}


def parameter_object(param):
    schema = dict(param.schema)
    if param.repeatable:
        schema = {"type": "array", "items": schema}
        example = [param.example]
    else:
        example = param.example
    parameter = {
        "name": param.name,
        "in": "query",
        "required": False,
        "description": param.description,
        "schema": schema,
    }
    if param.repeatable:
        parameter.update(style="form", explode=True)
    if param.example is not None:
        parameter["example"] = example
    return parameter


def _json(ref, description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _licensed(ref, description):
    """A successful answer: its content's licence rides in a Link header (RFC 8288)."""
    return {**_json(ref, description), "headers": {"Link": {"$ref": "#/components/headers/Link"}}}


LINK_HEADER = {
    "description": 'The content\'s licence: `<licence URL>; rel="license"`. The CSV export '
    "(/practices/export.csv), the bulk download (/data/registry.zip) and every API answer carry "
    "it; the Atom feeds state it in `<rights>`.",
    "schema": {"type": "string"},
}


BAD_PARAMETER = _json("Error", "A parameter cannot be understood; `parameter` names it.")
NOT_FOUND = _json("Error", "No published item has this id.")
ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}


def openapi_document(server_url="/api/v1/"):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Local women peacebuilders' practice registry: open data API",
            "version": "1.0.0",
            "description": "Published good practices of local peacebuilding and the policy "
            "frameworks (national action plans, local and regional plans, global resolutions) "
            "whose provisions they implement. Open data: any origin may read it. Only "
            "published content is ever shown; contact details never are, nor organisation "
            "names that a practice withholds. Parameters not listed here are ignored. A bad "
            "parameter value answers 400 with a JSON `Error` naming it; an unknown filter "
            "value (an agenda code, a country, a theme that no practice has) is not an error "
            "and simply matches nothing.",
            "license": {
                "name": settings.CONTENT_LICENCE["name"],
                "url": settings.CONTENT_LICENCE["url"],
            },
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/practices/": {
                "get": {
                    "operationId": "listPractices",
                    "summary": "Search and filter published practices, with facet counts",
                    "description": "Values of one parameter are ORed; parameters are ANDed.",
                    "parameters": [parameter_object(p) for p in practice_parameters()],
                    "responses": {
                        "200": _licensed("PracticeList", "One page of practices."),
                        "400": BAD_PARAMETER,
                    },
                }
            },
            "/practices/{id}/": {
                "get": {
                    "operationId": "getPractice",
                    "summary": "One published practice, with its public long fields",
                    "parameters": [ID],
                    "responses": {
                        "200": _licensed("PracticeDetail", "The practice."),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/frameworks/": {
                "get": {
                    "operationId": "listFrameworks",
                    "summary": "Published policy frameworks",
                    "description": "Values of one parameter are ORed; parameters are ANDed. "
                    "Ordered by title, or by relevance when `q` is given.",
                    "parameters": [parameter_object(p) for p in FRAMEWORK_PARAMETERS],
                    "responses": {
                        "200": _licensed("FrameworkList", "One page of frameworks."),
                        "400": BAD_PARAMETER,
                    },
                }
            },
            "/frameworks/{id}/": {
                "get": {
                    "operationId": "getFramework",
                    "summary": "One published framework with its provisions",
                    "parameters": [ID],
                    "responses": {
                        "200": _licensed("FrameworkDetail", "The framework."),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/monitoring-notes/": {
                "get": {
                    "operationId": "listMonitoringNotes",
                    "summary": "Published monitoring notes: what civil society observed of "
                    "provisions",
                    "description": "Values of one parameter are ORed; parameters are ANDed. "
                    "The most recent period observed first. The same parameters filter the "
                    "CSV export (/monitoring/export.csv) and the Atom feed (/monitoring/feed/).",
                    "parameters": [parameter_object(p) for p in MONITORING_PARAMETERS],
                    "responses": {
                        "200": _licensed("MonitoringNoteList", "One page of notes."),
                        "400": BAD_PARAMETER,
                    },
                }
            },
        },
        # The facets are read again: a facet registered since this module was imported counts.
        "components": {
            "schemas": {**SCHEMAS, "PracticeList": practice_list_schema()},
            "headers": {"Link": LINK_HEADER},
        },
    }
