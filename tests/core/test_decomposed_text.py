"""Text typed or pasted with its accents as separate combining marks (decomposed, as some
keyboards, PDFs and macOS file names give it) is analysed as the same words as composed text."""

import pytest

from core.textsearch import normalise, query_terms, words


@pytest.mark.parametrize("language", ["fr", "es", "pt"])
def test_a_decomposed_accent_does_not_cut_a_word_in_two(language):
    composed, decomposed = "Réseaux médiatrices", "Re\u0301seaux me\u0301diatrices"
    assert words(decomposed, language) == words(composed, language) == ["réseaux", "médiatrices"]
    assert normalise(decomposed, language) == normalise(composed, language)
    assert query_terms(decomposed, language=language) == query_terms(composed, language=language)


def test_marks_left_over_after_composition_are_dropped():
    assert words("e\u0301\u0301quipe \u20dd paix", "fr") == ["équipe", "paix"]
    # Arabic written with its alef and madda apart meets the composed letter.
    assert words("\u0627\u0653\u0645\u0646", "ar") == words("\u0622\u0645\u0646", "ar")
