"""The store of recent results: the least recently used goes first, safely across threads."""

import threading

import pytest

from models.core.kept import Kept


def test_the_least_recently_used_value_goes_first():
    kept = Kept(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "a" is now the most recent
    kept.put("c", 3)
    assert "b" not in kept and kept.get("a") == 1 and kept.get("c") == 3
    assert len(kept) == 2 and kept.get("missing") is None
    kept.clear()
    assert len(kept) == 0
    with pytest.raises(ValueError):
        Kept(0)


def test_threads_putting_at_once_keep_the_bound():
    kept = Kept(5)

    def work(base):
        for i in range(200):
            kept.put((base, i), i)
            kept.get((base, i - 1))

    threads = [threading.Thread(target=work, args=(b,)) for b in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(kept) == 5
