"""Stemming from many threads at once (gunicorn's threaded workers) gives each thread's words
their own stems: a stemmer shared by threads mixed them up and failed."""

import sys
import threading

from core.textsearch import stem

WORDS = [
    f"{root}{ending}"
    for root in ("mediat", "peacebuild", "organis", "negotiat", "women", "communit", "nation")
    for ending in ("ing", "ions", "ers", "ed", "es", "ally", "ness", "ies", "ation", "s")
]


def test_threads_stemming_at_once_get_the_stems_one_thread_gets():
    unstemmed = stem.__wrapped__  # past the cache, which would hide the stemmer itself
    expected = [unstemmed(w) for w in WORDS]
    failures = []
    start = threading.Barrier(8)

    def work():
        start.wait()
        try:
            for _ in range(150):
                if [unstemmed(w) for w in WORDS] != expected:
                    failures.append("different stems")
                    return
        except Exception as error:  # noqa: BLE001  # the shared stemmer's IndexError
            failures.append(repr(error))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=work) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
