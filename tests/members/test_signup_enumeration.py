"""Sign-up does not tell whether an address has an account: a registered address gets the same
answer as a new one, and the password is hashed on both paths, so that the time the answer takes
(hashing is most of it) does not tell either."""

from unittest import mock

from django.contrib.auth.hashers import MD5PasswordHasher

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory
from tests.utils import after_commit

pytestmark = pytest.mark.django_db


def sign_up(client, email):
    data = {
        "email": email,
        "display_name": "Amina",
        "password1": "a-long-and-unusual-password",
        "password2": "a-long-and-unusual-password",
    }
    # The test settings' hasher (MD5) stands for the site's: count how often it runs.
    with (
        mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
        ) as encode,
        after_commit(),
    ):
        response = client.post("/accounts/signup/", data)
    return response, encode.call_count


def test_a_registered_address_costs_the_same_hashing_as_a_new_one(client, practice_index):
    user = UserFactory(username="registered", email="registered@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    new, hashed_for_new = sign_up(client, "someone-new@example.org")
    client.logout()
    registered, hashed_for_registered = sign_up(client, "registered@example.org")

    assert hashed_for_new >= 1
    assert hashed_for_registered == hashed_for_new
    assert (registered.status_code, registered["Location"]) == (new.status_code, new["Location"])
