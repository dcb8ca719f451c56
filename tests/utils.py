"""Small helpers shared by tests."""

from django.test import TestCase


def after_commit():
    """Run what waits for the transaction's commit (e-mail, index tasks) when the block ends: a
    test's transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)
