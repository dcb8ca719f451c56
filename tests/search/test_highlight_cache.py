"""The highlighter's per-process cache of analysed words: bounded, and never filled by a text of
one unbroken "word"."""

from search import highlight


def test_a_very_long_word_is_highlighted_but_not_kept():
    highlight._kept_stems.cache_clear()
    long_word = "peace" * 100
    assert highlight._stems(long_word, ("en",)) == highlight._analysed(long_word, ("en",))
    assert highlight._stems("peace", ("en",)) == {"peac"}
    assert highlight._kept_stems.cache_info().currsize == 1  # "peace" only
    assert highlight._kept_stems.cache_info().maxsize == 50_000
