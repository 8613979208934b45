"""NominatimResolver against a local Nominatim look-alike: results, cache, rate limit, errors."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from incidentmap.errors import (
    ConfigurationError,
    GazetteerError,
    GeocoderError,
    GeocoderRateLimited,
    GeocoderResponseError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    IncidentMapError,
    MissingDependencyError,
)
from incidentmap.gazetteer.online import (
    GEOCODERS,
    NominatimResolver,
    OnlineResolver,
    make_online_resolver,
)

if TYPE_CHECKING:
    from conftest import NominatimStub

adapters = pytest.importorskip("geopy.adapters")

MakeResolver = Callable[..., NominatimResolver]
MakeResult = Callable[..., dict[str, Any]]

# geopy picks requests' adapter when requests is installed; ours defaults to urllib's.
# The error mapping must not depend on which one is used.
ADAPTERS = [
    pytest.param(adapters.URLLibAdapter, id="urllib"),
    pytest.param(
        adapters.RequestsAdapter,
        id="requests",
        marks=pytest.mark.skipif(
            not adapters.RequestsAdapter.is_available, reason="requests is not installed"
        ),
    ),
]


def assert_geocoder_error(
    err: BaseException, kind: type[GeocoderError], *, from_geopy: bool = True
) -> None:
    assert isinstance(err, kind)
    assert isinstance(err, GeocoderError)
    assert isinstance(err, IncidentMapError)
    if from_geopy:
        assert err.__cause__ is not None  # raised ``from`` geopy's error


# --- results ---------------------------------------------------------------------------------


def test_resolve_returns_candidates_with_float_coordinates_kind_country_and_source(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    candidates = make_resolver().resolve("al-Bab")

    assert [c.place.id for c in candidates] == [
        "nominatim:relation/5001",
        "nominatim:relation/5002",
        "nominatim:node/5003",
    ]
    first = candidates[0]
    assert (first.lat, first.lon) == (36.3705, 37.5157)
    assert isinstance(first.lat, float)
    assert isinstance(first.lon, float)
    assert first.name == "al-Bab"
    assert first.matched == "al-Bab, al-Bab District, Aleppo Governorate, Syria"
    assert [c.kind for c in candidates] == ["city", "region", "village"]
    assert [c.country for c in candidates] == ["SY", "SY", "IQ"]
    assert first.admin1 == "Aleppo Governorate"
    assert first.match == "online"
    assert first.source == (
        f"OpenStreetMap contributors (ODbL) via Nominatim at {nominatim_server.domain}"
    )


def test_resolve_scores_follow_the_service_order_within_unit_interval(
    make_resolver: MakeResolver,
) -> None:
    candidates = make_resolver().resolve("al-Bab")

    scores = [c.score for c in candidates]
    assert all(0 <= s <= 1 for s in scores)
    # The second result's importance (0.61) is higher, but the service ranked it second.
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == pytest.approx(0.52)
    assert candidates[0].why == "nominatim: importance 0.52, rank 1"
    assert candidates[2].why == "nominatim: importance 0.12, rank 3"


def test_resolve_scores_from_rank_when_importance_is_missing(
    make_resolver: MakeResolver, nominatim_server: NominatimStub, make_result: MakeResult
) -> None:
    nominatim_server.answer([make_result(importance=None)])

    (candidate,) = make_resolver().resolve("Somewhere")

    assert candidate.score == pytest.approx(0.5)
    assert candidate.why == "nominatim: importance n/a, rank 1"


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"class": "place", "type": "city", "addresstype": "city"}, "city"),
        ({"class": "place", "type": "town", "addresstype": "town"}, "town"),
        ({"class": "place", "type": "village", "addresstype": "village"}, "village"),
        ({"class": "boundary", "type": "administrative", "addresstype": "town"}, "town"),
        ({"class": "boundary", "type": "administrative", "addresstype": "country"}, "country"),
        ({"class": "boundary", "type": "administrative", "addresstype": "state"}, "region"),
        ({"class": "boundary", "type": "administrative", "addresstype": "suburb"}, "region"),
        ({"class": "aeroway", "type": "aerodrome", "addresstype": "aeroway"}, "airport"),
        ({"class": "waterway", "type": "dam", "addresstype": "waterway"}, "dam"),
        ({"class": "waterway", "type": "river", "addresstype": "river"}, "river"),
        ({"class": "barrier", "type": "border_control", "addresstype": "barrier"},
         "border_crossing"),
        ({"class": "military", "type": "base", "addresstype": "military"}, "military_base"),
        ({"class": "landuse", "type": "military", "addresstype": "landuse"}, "military_base"),
        ({"category": "aeroway", "type": "aerodrome"}, "airport"),  # jsonv2 field name
        ({"class": "amenity", "type": "hospital", "addresstype": "amenity"}, "point"),
    ],
)  # fmt: skip
def test_kind_is_mapped_from_class_type_and_addresstype(
    make_resolver: MakeResolver,
    nominatim_server: NominatimStub,
    make_result: MakeResult,
    fields: dict[str, Any],
    kind: str,
) -> None:
    result = make_result(**fields)
    if "category" in fields:
        del result["class"], result["addresstype"]
    nominatim_server.answer([result])

    (candidate,) = make_resolver().resolve("Somewhere")

    assert candidate.kind == kind


def test_result_at_null_island_is_dropped_not_returned(
    make_resolver: MakeResolver,
    nominatim_server: NominatimStub,
    make_result: MakeResult,
    al_bab_results: list[dict[str, Any]],
) -> None:
    nominatim_server.answer([make_result(lat="0", lon="0"), al_bab_results[0]])

    candidates = make_resolver().resolve("al-Bab")

    assert [c.place.id for c in candidates] == ["nominatim:relation/5001"]


def test_no_match_returns_empty_list(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    nominatim_server.answer([])

    assert make_resolver().resolve("Nowhere-at-all") == []


def test_blank_query_returns_empty_list_without_a_request(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    assert make_resolver().resolve("   ") == []
    assert nominatim_server.requests == []


# --- the request -----------------------------------------------------------------------------


def test_user_agent_header_names_incidentmap_by_default(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    make_resolver().resolve("al-Bab")

    (request,) = nominatim_server.requests
    assert request.path == "/search"
    assert request.headers["User-Agent"].startswith("incidentmap/")
    assert "offline-first conflict mapping" in request.headers["User-Agent"]


def test_user_agent_header_is_the_one_given(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    make_resolver(user_agent="newsroom-maps/2 (desk@example.org)").resolve("al-Bab")

    assert nominatim_server.requests[0].headers["User-Agent"] == (
        "newsroom-maps/2 (desk@example.org)"
    )


def test_country_is_sent_as_countrycodes(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    resolver = make_resolver()
    resolver.resolve("al-Bab", country="sy")
    resolver.resolve("al-Bab")

    with_country, without_country = nominatim_server.requests
    assert with_country.param("countrycodes") == "sy"
    assert without_country.param("countrycodes") is None
    for request in (with_country, without_country):
        assert request.param("q") == "al-Bab"
        assert request.param("format") == "json"
        assert request.param("addressdetails") == "1"


def test_limit_is_sent_and_respected(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    # A service that ignores the limit still yields at most ``limit`` candidates.
    candidates = make_resolver().resolve("al-Bab", limit=2)

    assert nominatim_server.requests[0].param("limit") == "2"
    assert len(candidates) == 2


def test_non_ascii_query_is_sent_as_utf8(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    make_resolver().resolve("الباب")

    assert nominatim_server.requests[0].param("q") == "الباب"


# --- cache -----------------------------------------------------------------------------------


def test_identical_query_is_served_from_cache(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    resolver = make_resolver(min_delay_s=5.0)

    first = resolver.resolve("al-Bab", country="SY")
    started = time.monotonic()
    again = resolver.resolve("  AL-BAB ", country="sy")  # same after normalisation

    assert again == first
    assert len(nominatim_server.requests) == 1
    assert time.monotonic() - started < 1.0  # a cache hit does not wait for the rate limit


def test_cache_persists_across_resolver_instances(
    make_resolver: MakeResolver, nominatim_server: NominatimStub, tmp_path: Path
) -> None:
    cache_path = tmp_path / "cache" / "online.sqlite"
    first = make_resolver(cache_path=cache_path).resolve("al-Bab")
    second = make_resolver(cache_path=cache_path)

    again = second.resolve("al-Bab")

    assert again == first
    assert len(nominatim_server.requests) == 1
    assert cache_path.is_file()


def test_no_match_is_cached(make_resolver: MakeResolver, nominatim_server: NominatimStub) -> None:
    nominatim_server.answer([])
    resolver = make_resolver()

    assert resolver.resolve("Nowhere-at-all") == []
    assert resolver.resolve("Nowhere-at-all") == []
    assert len(nominatim_server.requests) == 1


def test_country_and_limit_are_part_of_the_cache_key(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    resolver = make_resolver()
    resolver.resolve("al-Bab")
    resolver.resolve("al-Bab", country="SY")
    resolver.resolve("al-Bab", limit=2)

    assert len(nominatim_server.requests) == 3


def test_errors_are_not_cached(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    nominatim_server.answer_once(b"oops", status=500)
    resolver = make_resolver()

    with pytest.raises(GeocoderUnavailable):
        resolver.resolve("al-Bab")
    candidates = resolver.resolve("al-Bab")

    assert len(candidates) == 3
    assert len(nominatim_server.requests) == 2


def test_garbage_is_not_cached(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    nominatim_server.answer_once([{"unexpected": True}])
    resolver = make_resolver()

    with pytest.raises(GeocoderResponseError):
        resolver.resolve("al-Bab")
    assert len(resolver.resolve("al-Bab")) == 3


def test_unreadable_cache_file_raises_gazetteer_error(tmp_path: Path) -> None:
    cache_path = tmp_path / "online.sqlite"
    cache_path.write_bytes(b"this is not an SQLite database" * 100)

    with pytest.raises(GazetteerError, match=r"online\.sqlite"):
        NominatimResolver(domain="127.0.0.1:9", scheme="http", cache_path=cache_path)


# --- rate limit and retries ------------------------------------------------------------------


def test_distinct_queries_are_spaced_by_min_delay(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    resolver = make_resolver(min_delay_s=0.3)
    for query in ("al-Bab", "Manbij", "Tanf"):
        resolver.resolve(query)

    times = [r.time for r in nominatim_server.requests]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) == 3
    # The limiter spaces the calls it starts; arrival jitter on loopback is far below 20 ms.
    assert all(gap >= 0.3 - 0.02 for gap in gaps), gaps


def test_5xx_is_retried_when_max_retries_allows(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    nominatim_server.answer_once(b"busy", status=503)

    candidates = make_resolver(max_retries=1).resolve("al-Bab")

    assert len(candidates) == 3
    assert len(nominatim_server.requests) == 2


def test_429_is_not_retried(make_resolver: MakeResolver, nominatim_server: NominatimStub) -> None:
    nominatim_server.answer(b"slow down", status=429)

    with pytest.raises(GeocoderRateLimited):
        make_resolver(max_retries=2).resolve("al-Bab")
    assert len(nominatim_server.requests) == 1


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("adapter_factory", ADAPTERS)
def test_timeout_raises_geocoder_timed_out_quickly(
    make_resolver: MakeResolver,
    nominatim_server: NominatimStub,
    al_bab_results: list[dict[str, Any]],
    adapter_factory: Any,
) -> None:
    nominatim_server.answer(al_bab_results, delay_s=1.5)
    resolver = make_resolver(timeout_s=0.3, adapter_factory=adapter_factory)

    started = time.monotonic()
    with pytest.raises(GeocoderTimedOut, match=r"did not answer within 0\.3 s") as caught:
        resolver.resolve("al-Bab")

    # requests' adapter retries a read timeout twice by itself: up to 3 x 0.3 s.
    assert time.monotonic() - started < 1.4
    assert_geocoder_error(caught.value, GeocoderTimedOut)
    assert isinstance(caught.value, TimeoutError)


@pytest.mark.parametrize("adapter_factory", ADAPTERS)
def test_http_429_raises_rate_limited(
    make_resolver: MakeResolver, nominatim_server: NominatimStub, adapter_factory: Any
) -> None:
    # No Retry-After here: requests' adapter would sleep it out, twice, before giving up.
    nominatim_server.answer(b"", status=429)

    with pytest.raises(GeocoderRateLimited, match="HTTP 429") as caught:
        make_resolver(adapter_factory=adapter_factory).resolve("al-Bab")

    assert_geocoder_error(caught.value, GeocoderRateLimited)


def test_http_429_message_gives_the_wait_asked_for(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    nominatim_server.answer(b"", status=429, headers=(("Retry-After", "30"),))

    with pytest.raises(GeocoderRateLimited, match=r"HTTP 429.*wait 30 s"):
        make_resolver().resolve("al-Bab")
    assert len(nominatim_server.requests) == 1


@pytest.mark.parametrize("adapter_factory", ADAPTERS)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_http_5xx_raises_unavailable(
    make_resolver: MakeResolver,
    nominatim_server: NominatimStub,
    adapter_factory: Any,
    status: int,
) -> None:
    nominatim_server.answer(b"<html>down</html>", status=status)

    with pytest.raises(GeocoderUnavailable, match=f"cannot be reached \\(HTTP {status}\\)") as c:
        make_resolver(adapter_factory=adapter_factory).resolve("al-Bab")

    assert_geocoder_error(c.value, GeocoderUnavailable)
    assert isinstance(c.value, ConnectionError)


@pytest.mark.parametrize("adapter_factory", ADAPTERS)
def test_connection_refused_raises_unavailable_saying_it_cannot_be_reached(
    make_resolver: MakeResolver, closed_port: int, adapter_factory: Any
) -> None:
    resolver = make_resolver(domain=f"127.0.0.1:{closed_port}", adapter_factory=adapter_factory)

    with pytest.raises(GeocoderUnavailable) as caught:
        resolver.resolve("al-Bab")

    message = str(caught.value)
    assert f"the geocoding service at 127.0.0.1:{closed_port} cannot be reached" in message
    assert "without --online" in message
    assert "refused" in message.lower()  # the underlying reason
    assert_geocoder_error(caught.value, GeocoderUnavailable)


@pytest.mark.parametrize("adapter_factory", ADAPTERS)
def test_dns_failure_raises_unavailable(
    make_resolver: MakeResolver, monkeypatch: pytest.MonkeyPatch, adapter_factory: Any
) -> None:
    def no_such_host(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    resolver = make_resolver(domain="nominatim.invalid", adapter_factory=adapter_factory)

    with pytest.raises(GeocoderUnavailable, match=r"nominatim\.invalid cannot be reached") as c:
        resolver.resolve("al-Bab")

    assert "Name or service not known" in str(c.value)
    assert_geocoder_error(c.value, GeocoderUnavailable)


@pytest.mark.parametrize("adapter_factory", ADAPTERS)
def test_garbage_body_raises_response_error(
    make_resolver: MakeResolver, nominatim_server: NominatimStub, adapter_factory: Any
) -> None:
    nominatim_server.answer(b"<html>oops")

    with pytest.raises(GeocoderResponseError) as caught:
        make_resolver(adapter_factory=adapter_factory).resolve("al-Bab")

    assert_geocoder_error(caught.value, GeocoderResponseError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"results": []}, id="object"),
        pytest.param({"error": "Something went wrong"}, id="error-object"),
        pytest.param([1, 2, 3], id="list-of-numbers"),
        pytest.param("al-Bab", id="string"),
        pytest.param([{"display_name": "al-Bab"}], id="no-coordinates"),
        pytest.param(lambda make: [make(lat="north", lon="east")], id="bad-coordinates"),
        pytest.param(lambda make: [make(osm_id=None)], id="no-osm-id"),
    ],
)
def test_json_of_wrong_shape_raises_response_error(
    make_resolver: MakeResolver, nominatim_server: NominatimStub, make_result: MakeResult, body: Any
) -> None:
    nominatim_server.answer(body(make_result) if callable(body) else body)

    with pytest.raises(GeocoderResponseError) as caught:
        make_resolver().resolve("al-Bab")

    assert_geocoder_error(caught.value, GeocoderResponseError, from_geopy=False)


def test_latitude_out_of_range_raises_response_error(
    make_resolver: MakeResolver, nominatim_server: NominatimStub, make_result: MakeResult
) -> None:
    nominatim_server.answer([make_result(lat="95", lon="37")])

    # geopy warns before it refuses such a latitude; the warning is geopy's to give.
    with (
        pytest.warns(UserWarning, match="Latitude normalization"),
        pytest.raises(GeocoderResponseError, match="unexpected shape"),
    ):
        make_resolver().resolve("al-Bab")


def test_http_403_raises_geocoder_error_about_the_user_agent(
    make_resolver: MakeResolver, nominatim_server: NominatimStub
) -> None:
    nominatim_server.answer(b"blocked", status=403)

    with pytest.raises(GeocoderError, match=r"HTTP 403.*user_agent") as caught:
        make_resolver().resolve("al-Bab")

    assert_geocoder_error(caught.value, GeocoderError)


# --- registry and settings -------------------------------------------------------------------


def test_registry_lists_nominatim() -> None:
    assert GEOCODERS["nominatim"] is NominatimResolver
    assert issubclass(NominatimResolver, OnlineResolver)


def test_make_online_resolver_builds_the_named_geocoder_with_its_settings(
    tmp_path: Path,
) -> None:
    resolver = make_online_resolver(
        "Nominatim",
        cache_path=tmp_path / "online.sqlite",
        timeout_s=3,
        min_delay_s=2.0,
        domain="nominatim.example.org",
        scheme="http",
        user_agent="newsroom-maps/2",
    )
    with resolver:
        assert isinstance(resolver, NominatimResolver)
        assert (resolver.domain, resolver.scheme, resolver.user_agent) == (
            "nominatim.example.org",
            "http",
            "newsroom-maps/2",
        )
        assert (resolver.timeout_s, resolver.min_delay_s) == (3, 2.0)


def test_defaults_follow_nominatim_usage_policy() -> None:
    with make_online_resolver("nominatim") as resolver:
        assert resolver.domain == "nominatim.openstreetmap.org"
        assert resolver.scheme == "https"
        assert resolver.min_delay_s == 1.0
        assert resolver.timeout_s == 10
        assert resolver.user_agent.startswith("incidentmap/")


def test_unknown_geocoder_name_raises_configuration_error_listing_nominatim() -> None:
    with pytest.raises(ConfigurationError, match=r"'bing'.*accepted: 'nominatim'"):
        make_online_resolver("bing")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"min_delay_s": 0.5}, "min_delay_s must be >= 1.0 for nominatim.openstreetmap.org"),
        ({"timeout_s": 0}, "timeout_s must be a number > 0, got 0"),
        ({"min_delay_s": -1, "domain": "example.org"}, "min_delay_s must be a number >= 0"),
        ({"scheme": "ftp"}, "scheme must be one of .*'ftp'"),
        ({"domain": "https://example.org"}, "domain must be a host name"),
        ({"user_agent": "my-application"}, "Nominatim refuses .*user_agent"),
    ],
)
def test_bad_settings_raise_configuration_error(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        make_online_resolver("nominatim", **settings)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"country": "Syria"}, "country must be an ISO 3166-1 alpha-2 code .*'Syria'"),
        ({"limit": 0}, "limit must be an integer from 1 to 40, got 0"),
        ({"limit": 41}, "limit must be an integer from 1 to 40, got 41"),
    ],
)
def test_bad_arguments_raise_configuration_error_without_a_request(
    make_resolver: MakeResolver,
    nominatim_server: NominatimStub,
    arguments: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(ConfigurationError, match=message):
        make_resolver().resolve("al-Bab", **arguments)
    assert nominatim_server.requests == []


def test_missing_geopy_raises_missing_dependency_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("geopy", "geopy.adapters", "geopy.geocoders", "geopy.extra.rate_limiter"):
        monkeypatch.setitem(sys.modules, module, None)

    with pytest.raises(MissingDependencyError, match=r'pip install "incidentmap\[online\]"'):
        make_online_resolver("nominatim")


def test_importing_online_package_does_not_import_geopy() -> None:
    code = "import sys, incidentmap.gazetteer.online; sys.exit('geopy' in sys.modules)"
    src = Path(__file__).parents[3] / "src"
    done = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(src)}, check=False
    )
    assert done.returncode == 0
