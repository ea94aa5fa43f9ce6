"""The load generator: signed-in users (asyncio + httpx) asking for one page after another.

Each virtual user signs in through the real login form (CSRF token and all) and keeps its own cookies. The
server runs with production settings, so its cookies are marked Secure; over plain HTTP on 127.0.0.1 the
cookie jar would not send them back, so cookies are kept by hand.
"""

import asyncio
import re
import statistics
import time
from dataclasses import dataclass, field

import httpx

ANONYMOUS = "anonymous"  # a reader of the public pages: no sign-in
CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    persona: str
    path: str
    # A page another feature adds: a 404 means "not built yet" rather than an error.
    optional: bool = False
    per_place: bool = True
    limit: float = 5.0  # p95 at most this many times the floor's p95


@dataclass
class Measured:
    page: Page
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    built: bool = True

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class User:
    """One signed-in browser."""

    def __init__(self, base_url: str) -> None:
        # Idle connections are dropped before uvicorn's 5 s keep-alive would close them under our feet.
        limits = httpx.Limits(keepalive_expiry=1.0)
        self.client = httpx.AsyncClient(base_url=base_url, timeout=120, follow_redirects=False, limits=limits)
        self.cookies: dict[str, str] = {}

    def _keep(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if "max-age=0" in header.lower() or not value.strip('"'):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    async def get(self, path: str) -> httpx.Response:
        response = await self.client.get(path, headers=self._headers())
        self._keep(response)
        return response

    async def sign_in(self, email: str, password: str) -> None:
        form = await self.get("/login")
        match = CSRF_INPUT.search(form.text)
        if match is None:
            raise RuntimeError("No CSRF token on the sign-in page")
        response = await self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": match.group(1)},
            headers=self._headers(),
        )
        self._keep(response)
        if response.status_code != 303 or "cohesion_session" not in self.cookies:
            raise RuntimeError(f"Sign-in as {email} failed with status {response.status_code}")

    async def close(self) -> None:
        await self.client.aclose()


async def measure(page: Page, users: list[User], requests: int, warmup: int) -> Measured:
    """``requests`` GETs of one page, shared out among ``users`` asking at the same time."""
    result = Measured(page)
    first = await users[0].get(page.path)
    if first.status_code == 404 and page.optional:
        result.built = False
        return result
    await asyncio.gather(*(user.get(page.path) for user in users for _ in range(warmup)))
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(requests):
        queue.put_nowait(number)

    async def work(user: User) -> None:
        while True:
            try:
                queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            try:
                response = await user.get(page.path)
            except httpx.HTTPError as problem:
                result.errors.append(f"{type(problem).__name__}: {problem}")
                continue
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                result.errors.append(f"HTTP {response.status_code}")
            else:
                result.latencies.append(elapsed)

    began = time.perf_counter()
    await asyncio.gather(*(work(user) for user in users))
    result.seconds = time.perf_counter() - began
    return result


def merge(parts: list[Measured]) -> Measured:
    """One page measured at several moments of the run, as one set of numbers."""
    merged = Measured(parts[0].page, built=all(part.built for part in parts))
    for part in parts:
        merged.latencies += part.latencies
        merged.errors += part.errors
        merged.seconds += part.seconds
    return merged


class Crowd:
    """``concurrency`` signed-in users per persona on one server."""

    def __init__(self, base_url: str, concurrency: int) -> None:
        self.base_url = base_url
        self.concurrency = concurrency
        self.users: dict[str, list[User]] = {}

    async def sign_in(
        self,
        credentials: dict[str, tuple[str, str]],
        personas: set[str],
        counts: dict[str, int] | None = None,
    ) -> None:
        """Sign in ``concurrency`` users of each persona (``counts`` may say otherwise for one); anonymous
        readers only get their own cookie jar."""
        for persona in sorted(personas):
            count = (counts or {}).get(persona, self.concurrency)
            self.users[persona] = [User(self.base_url) for _ in range(count)]
            if persona == ANONYMOUS:
                continue
            email, password = credentials[persona]
            await asyncio.gather(*(user.sign_in(email, password) for user in self.users[persona]))

    async def measure(self, page: Page, requests: int, warmup: int) -> Measured:
        return await measure(page, self.users[page.persona], requests, warmup)

    async def close(self) -> None:
        for group in self.users.values():
            for user in group:
                await user.close()
