"""allauth's sign-up form, answering for an address that has an account in the time it takes
for a new one. It lives apart from members.forms, which allauth's own forms module imports (the
sign-up's extra fields, ACCOUNT_SIGNUP_FORM_CLASS)."""

from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext

from allauth.account.forms import SignupForm


class MemberSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One sentence (the validators' own help is a list, which cannot sit in the paragraph
        # that the form's template gives every help text).
        self.fields["password1"].help_text = gettext(
            "At least 8 characters; not a common password, not only digits, and not like your "
            "e-mail address."
        )

    def clean(self):
        cleaned = super().clean()
        # allauth compares the two passwords only when the first one passed the validators:
        # tell both problems at once, so that the member does not send the form twice.
        if (
            "password1" in self.errors
            and self.data.get("password2")
            and self.data.get("password1") != self.data.get("password2")
            and "password2" not in self.errors
        ):
            self.add_error("password2", gettext("You must type the same password each time."))
        return cleaned

    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs a password hash, most of the answer's time; for an address
            # that has an account allauth only mails its owner (ACCOUNT_PREVENT_ENUMERATION).
            # Hash and discard, so that the time taken does not tell the two apart.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
