"""The submission form accepts any language and stores it; a practice written in a content
language is created in that language's locale, under its practice index, and reviewed there."""

import pytest

from practices.models import PracticePage

from .helpers import submit_new

pytestmark = pytest.mark.django_db


def test_a_french_submission_is_created_in_the_french_tree(member_client, practice_index):
    practice = submit_new(
        member_client,
        title="Des médiatrices à Bamako",
        language="fr",
        countries=["ML"],
    )
    assert practice.language == "fr"
    assert practice.locale.language_code == "fr"
    assert practice.get_parent().url_path == "/home-fr/practices/"
    assert not practice.live
    # Reviewed in the same workflow as every practice.
    assert practice.current_workflow_state.workflow.name == "Practice review"


def test_another_language_is_stored_and_stays_in_the_default_tree(member_client, practice_index):
    practice = submit_new(member_client, title="Mulheres mediadoras", language="pt")
    assert practice.language == "pt"
    assert practice.locale.language_code == "en"
    assert practice.get_parent().pk == practice_index.pk
    assert PracticePage.objects.originals().filter(pk=practice.pk).exists()


def test_an_unknown_language_is_refused_with_a_message(member_client, practice_index):
    from .helpers import post_form

    response = post_form(member_client, title="Unknown tongue", language="xx-not-one")
    # The form comes back with what the member typed and the message, never a server error.
    assert response.status_code == 400
    assert "Unknown tongue" in response.content.decode()
    assert not PracticePage.objects.filter(title="Unknown tongue").exists()
    assert "language" in response.context["form"].errors
