from wagtail import hooks

from .stats import linked_practice_counts


@hooks.register("framework_practice_counts")
def published_practice_counts(frameworks):
    """The framework listing, read by country, shows each plan's published practices."""
    return linked_practice_counts(frameworks)
