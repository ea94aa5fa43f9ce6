"""Password hashing: at most ``HASHES_AT_ONCE`` argon2id hashes (64 MiB each) run at once in a worker."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.services.accounts import auth


class CountingHasher:
    """Stands in for argon2: records how many calls overlap, and holds each until told to let go."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()
        self.release = threading.Event()

    def _enter(self) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)

    def _leave(self) -> None:
        with self.lock:
            self.running -= 1

    def verify(self, password: str, password_hash: str) -> bool:
        self._enter()
        self.release.wait(timeout=10)
        self._leave()
        return password == password_hash

    def hash(self, password: str) -> str:
        self._enter()
        self.release.wait(timeout=10)
        self._leave()
        return password


def test_a_burst_of_sign_ins_hashes_two_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = CountingHasher()
    monkeypatch.setattr(auth, "_hasher", fake)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [pool.submit(auth.verify_password, "secret", "secret") for _ in range(6)]
        results.append(pool.submit(auth.hash_password, "new"))
        # Wait until two are inside the hasher and the rest have been picked up by threads and had time to
        # try to get in too; only then let the hasher go.
        for _ in range(500):
            if fake.running >= auth.HASHES_AT_ONCE and not pool._work_queue.qsize():
                break
            threading.Event().wait(0.01)
        threading.Event().wait(0.1)
        fake.release.set()
        assert [r.result() for r in results] == [True] * 6 + ["new"]
    assert fake.most == auth.HASHES_AT_ONCE


def test_real_hashes_still_verify() -> None:
    hashed = auth.hash_password("correct horse battery staple")
    assert auth.verify_password("correct horse battery staple", hashed)
    assert not auth.verify_password("wrong", hashed)
