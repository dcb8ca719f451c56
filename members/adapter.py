"""allauth's e-mails (address confirmation, password reset, notices) in the member's language."""

from urllib.parse import urlsplit, urlunsplit

from django.contrib.auth import get_user_model
from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter

from core.languages import path_in

from .models import in_language_of


def in_language(url, language):
    """A link of the site's (allauth builds them before choosing the e-mail's language) moved
    to the same page in ``language``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=path_in(parts.path, language)))


class MemberAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None or getattr(user, "member_profile", None) is None:
            # Nobody with a language of their own yet: the language the page was read in.
            return super().send_mail(template_prefix, email, context)
        with in_language_of(user):
            language = translation.get_language()
            context = {
                key: in_language(value, language)
                if key.endswith("_url") and isinstance(value, str) and value.startswith("http")
                else value
                for key, value in context.items()
            }
            return super().send_mail(template_prefix, email, context)

    def get_logout_redirect_url(self, request):
        """Signed out, the visitor stays in the language they were reading."""
        url = super().get_logout_redirect_url(request)
        if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
            return path_in(url, translation.get_language())
        return url
