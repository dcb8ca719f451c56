"""allauth's sign-up form, answering for an address that has an account in the time it takes
for a new one. It lives apart from members.forms, which allauth's own forms module imports (the
sign-up's extra fields, ACCOUNT_SIGNUP_FORM_CLASS)."""

from django.contrib.auth.hashers import make_password

from allauth.account.forms import SignupForm


class MemberSignupForm(SignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs a password hash, most of the answer's time; for an address
            # that has an account allauth only mails its owner (ACCOUNT_PREVENT_ENUMERATION).
            # Hash and discard, so that the time taken does not tell the two apart.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
