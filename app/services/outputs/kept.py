"""What each worker works out once and keeps: an LRU cache that the request threads share.

Routes run in a thread pool, and an LRU cache reorders itself on every read, so every read and write holds
a lock. A missing value is worked out outside the lock, so one slow key does not hold up the others; two
threads may both work out the same key, and either answer is the same.
"""

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Up to ``size`` values by key, the least recently read dropped first; with ``getsizeof``, ``size`` is
    the sum of the values' sizes (rendered fragments: their characters) rather than how many there are."""

    def __init__(self, size: int, getsizeof: Callable[[V], float] | None = None) -> None:
        self._values: LRUCache[K, V] = LRUCache(maxsize=size, getsizeof=getsizeof)
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._values.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._values[key] = value

    def get_or_work_out(self, key: K, work_out: Callable[[], V]) -> V:
        """The value kept for ``key``, or ``work_out()``, kept from now on."""
        found = self.get(key)
        if found is None:
            found = work_out()
            self.put(key, found)
        return found

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
