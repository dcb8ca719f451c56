"""Every string the apps' Python code shows to people is marked for translation.

The template test's twin for Python: each module of each app (migrations and tests aside) is read
with ``ast``, and a string literal (or an f-string, or a literal formatted with ``%`` or
``.format``) fails the test where it is passed, unwrapped by gettext, to something a person
reads:

- the keyword arguments ``verbose_name``, ``verbose_name_plural``, ``help_text``, ``label``,
  ``heading``, ``subject``, ``menu_label`` and ``empty_label``, and the same names assigned in a
  class body (a model's ``Meta``, a snippet viewset);
- the label of a ``TextChoices`` choice (``LOCAL = "local", "Local"``);
- a model field's verbose name given as its first argument;
- a Wagtail panel's heading given after its children, a ``HelpPanel``'s content, a menu item's
  label;
- the first argument of ``ValidationError``, of ``send_mail`` and of ``mail_admins``;
- the message of ``messages.success``/``info``/``warning``/``error``/``debug``/``add_message``.

A literal without letters (``label=""``, ``"—"``) passes; a code is never passed to these.
"""

import ast
import re

import pytest

from tests.test_architecture import ROOT, app_directories, modules_of

SHOWN_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "heading",
    "subject",
    "menu_label",
    "empty_label",
}
# Assigned in a class body only: a feed's title and subtitle, a viewset's labels.
SHOWN_CLASS_ATTRIBUTES = SHOWN_KEYWORDS | {"title", "subtitle", "description", "add_item_label"}
# Callables whose first positional argument is read by a person.
FIRST_ARGUMENT_SHOWN = {"ValidationError", "send_mail", "mail_admins", "mail_managers"}
CHOICES = {"TextChoices", "IntegerChoices", "Choices"}
# Wagtail panels whose heading may come second, after their children; a menu item's label first.
HEADING_SECOND = {"MultiFieldPanel", "FieldRowPanel", "ObjectList", "TabbedInterface"}
LABEL_FIRST = {"MenuItem", "SubmenuMenuItem"}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error"}
# A model field's first positional argument is its verbose name, but for these (a model, or a
# field of the search index).
NOT_VERBOSE_NAME_FIRST = {
    "ManyToManyField",
    "ParentalManyToManyField",
    "SearchField",
    "FilterField",
}
NOT_VERBOSE_NAME_FIRST |= {"AutocompleteField", "RelatedFields"}

_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_words(text):
    """Whether a literal's text holds a word (not empty, not only punctuation or digits)."""
    return bool(_WORD.search(text))


def _unmarked(node):
    """Whether ``node`` is text written in the code and left unwrapped by gettext."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _is_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and _WORD.search(str(part.value)) for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _unmarked(node.left) or _unmarked(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"format", "join"} and _unmarked(node.func.value)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) or _unmarked(node.orelse)
    return False


def _name_of(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def unmarked_strings(source):
    """[(line, what)] for each string of ``source`` shown to people but not marked."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name_of(node.func)
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS and _unmarked(keyword.value):
                    found.append((keyword.value.lineno, f"{keyword.arg}="))
            if name in FIRST_ARGUMENT_SHOWN and node.args and _unmarked(node.args[0]):
                found.append((node.lineno, f"{name}(...)"))
            shown_position = 1 if name in HEADING_SECOND else 0 if name in LABEL_FIRST else None
            if (
                shown_position is not None
                and len(node.args) > shown_position
                and _unmarked(node.args[shown_position])
            ):
                found.append((node.lineno, f"{name}(heading)"))
            if name == "HelpPanel" and any(
                k.arg == "content" and _unmarked(k.value) for k in node.keywords
            ):
                found.append((node.lineno, "HelpPanel(content=)"))
            is_model_field = (
                isinstance(node.func, ast.Attribute)
                and name.endswith("Field")
                and name not in NOT_VERBOSE_NAME_FIRST
            )
            if is_model_field and node.args and _unmarked(node.args[0]):
                found.append((node.lineno, f"{name}(verbose name)"))
            is_messages = (
                isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "messages"
            )
            if is_messages and name in MESSAGE_FUNCTIONS | {"add_message"}:
                position = 2 if name == "add_message" else 1
                arguments = [*node.args[position : position + 1]]
                arguments += [k.value for k in node.keywords if k.arg == "message"]
                if any(_unmarked(argument) for argument in arguments):
                    found.append((node.lineno, f"messages.{name}(...)"))
        elif isinstance(node, ast.ClassDef):
            # An AppConfig's label is a code; its verbose_name is shown.
            is_app_config = any(_name_of(base) == "AppConfig" for base in node.bases)
            is_choices = any(_name_of(base) in CHOICES for base in node.bases)
            for statement in node.body:
                # A choice of a TextChoices: ``CODE = "code", "Label"``.
                if (
                    is_choices
                    and isinstance(statement, ast.Assign)
                    and isinstance(statement.value, ast.Tuple)
                    and len(statement.value.elts) > 1
                    and _unmarked(statement.value.elts[-1])
                ):
                    found.append((statement.lineno, "choice label"))
                if not isinstance(statement, ast.Assign | ast.AnnAssign):
                    continue
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                for target in targets:
                    if (
                        isinstance(target, ast.Name)
                        and target.id in SHOWN_CLASS_ATTRIBUTES
                        and not (is_app_config and target.id == "label")
                        and statement.value is not None
                        and _unmarked(statement.value)
                    ):
                        found.append((statement.lineno, f"{target.id} ="))
    return sorted(found)


def test_the_scan_finds_unmarked_strings():
    planted = """
from django.core.exceptions import ValidationError
from django.contrib import messages
from django.db import models
from django.utils.translation import gettext as _, gettext_lazy

class Thing(models.Model):
    name = models.CharField(max_length=9, verbose_name="Name", help_text="Who it is.")
    size = models.IntegerField("size")
    code = models.CharField(max_length=9, help_text=gettext_lazy("A code."))

    class Meta:
        verbose_name = "thing"
        verbose_name_plural = gettext_lazy("things")

class Kind(models.TextChoices):
    LOCAL = "local", "Local"
    GLOBAL = "global", gettext_lazy("Global")

def clean(request, n):
    messages.success(request, f"Saved {n} things")
    messages.error(request, _("Not saved."))
    raise ValidationError("Too long: %s" % n)

panels = [MultiFieldPanel([FieldPanel("name")], "Who"), HelpPanel(content="Read me")]
"""
    assert unmarked_strings(planted) == [
        (8, "help_text="),
        (8, "verbose_name="),
        (9, "IntegerField(verbose name)"),
        (13, "verbose_name ="),
        (17, "choice label"),
        (21, "messages.success(...)"),
        (23, "ValidationError(...)"),
        (25, "HelpPanel(content=)"),
        (25, "MultiFieldPanel(heading)"),
    ]


def test_codes_and_marked_text_pass():
    source = """
from django.utils.translation import gettext_lazy as _
field = forms.ChoiceField(label=_("Agenda"), help_text=_("Pick %(n)s") % {"n": 2})
panel = FieldPanel("agendas", heading=_("Agendas"))
other = forms.CharField(label="", help_text="—")
raise ValidationError(_("Too long."), code="too-long")
tags = ParentalManyToManyField("practices.Theme", blank=True)
search_fields = [index.SearchField("title"), index.FilterField("level")]

class KbConfig(AppConfig):
    label = "kb"
    verbose_name = _("Site")
"""
    assert unmarked_strings(source) == []


MODULES = [(path, name) for app in app_directories() for name, _package, path in modules_of(app)]


@pytest.mark.parametrize(("path", "name"), MODULES, ids=[name for _path, name in MODULES])
def test_python_text_is_marked_for_translation(path, name):
    found = unmarked_strings(path.read_text(encoding="utf-8"))
    where = ", ".join(f"{path.relative_to(ROOT)}:{line} {what}" for line, what in found)
    assert not found, f"not marked for translation: {where}"
