"""How a person is named to others: the display name a member gives at sign-up (kept by the
``members`` app, read here through the reverse relation, so that every app may name a member
without importing it), else the name an editor's account has, else the e-mail address.

Never for a public page, the API, the CSV or the feed: only for the member themselves, for the
e-mails to them and for the editors."""


def display_name(user):
    if user is None:
        return ""
    profile = getattr(user, "member_profile", None)
    name = getattr(profile, "display_name", "") if profile is not None else ""
    if name:
        return name
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "email", "") or user.get_username()
