"""/metrics: Prometheus text with request counts and latencies, for admins or a scraper on this machine."""

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.observability import BUCKETS, Metrics
from tests.conftest import World


def _value(text: str, name: str, **labels: str) -> float:
    """One sample of a Prometheus text page, found by name and labels (their order on the page means nothing)."""
    values = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and sample.labels == labels
    ]
    assert len(values) == 1, f"{name} {labels}: {len(values)} samples"
    return values[0]


def test_admins_see_request_counts_by_route_and_status_class(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = client_for("officer")
    for _ in range(3):
        assert officer.get("/places/").status_code == 200
    assert officer.get("/no-such-page").status_code == 404
    response = client_for("admin").get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    requests = "cohesion_http_requests_total"
    assert _value(response.text, requests, route="places.index", status="2xx") == 3
    # An unknown path is counted without its path, so nobody can fill the metrics with made-up series.
    assert _value(response.text, requests, route="unmatched", status="4xx") == 1
    assert "# TYPE cohesion_http_request_duration_seconds histogram" in response.text


def test_the_latency_histogram_is_cumulative_and_complete(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = client_for("officer")
    for _ in range(2):
        officer.get("/places/")
    text = client_for("admin").get("/metrics").text
    histogram = "cohesion_http_request_duration_seconds"
    buckets = [
        _value(text, f"{histogram}_bucket", route="places.index", le=bound)
        for bound in [*(repr(bound) for bound in BUCKETS), "+Inf"]
    ]
    assert buckets == sorted(buckets), "buckets count every request at or under their bound"
    assert buckets[-1] == 2
    assert _value(text, f"{histogram}_count", route="places.index") == 2
    assert _value(text, f"{histogram}_sum", route="places.index") > 0


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_a_scraper_on_this_machine_needs_no_sign_in(app, host: str) -> None:  # type: ignore[no-untyped-def]
    local = TestClient(app, client=(host, 40000))
    response = local.get("/metrics")
    assert response.status_code == 200
    assert "cohesion_http_requests_total" in response.text


@pytest.mark.parametrize("header", ["X-Forwarded-For", "X-Real-IP", "Forwarded"])
def test_a_request_through_a_proxy_is_not_local(app, header: str) -> None:  # type: ignore[no-untyped-def]
    local = TestClient(app, client=("127.0.0.1", 40000))
    response = local.get("/metrics", headers={header: "203.0.113.9"})
    assert response.status_code == 404
    assert "cohesion_http_requests_total" not in response.text


def test_others_are_told_the_page_does_not_exist(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    for persona in ("anonymous", "officer", "facilitator", "councillor"):
        response = client_for(persona).get("/metrics")
        assert response.status_code == 404
        assert "Page not found" in response.text


def test_label_values_are_escaped() -> None:
    metrics = Metrics()
    metrics.observe(route='odd"name\\', status=503, seconds=0.2)
    text = metrics.render()
    assert 'route="odd\\"name\\\\"' in text
    odd = 'odd"name\\'
    assert _value(text, "cohesion_http_requests_total", route=odd, status="5xx") == 1
    assert _value(text, "cohesion_http_request_duration_seconds_bucket", route=odd, le="0.1") == 0
    assert _value(text, "cohesion_http_request_duration_seconds_bucket", route=odd, le="0.25") == 1
