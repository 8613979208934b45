"""The public API is exactly what incidentmap exports; importing it stays light."""

import subprocess
import sys

import incidentmap

EXPECTED = {
    "AmbiguousPlaceError", "AmbiguousPlaceWarning", "Candidate", "CasualtyClaim", "ConfigurationError", "ForcePosition",
    "Gazetteer", "GazetteerError", "GeocoderError", "GeocoderRateLimited", "GeocoderResponseError",
    "GeocoderTimedOut", "GeocoderUnavailable", "Incident", "IncidentMapError", "IncidentSet",
    "InputError", "MissingDependencyError", "Place", "PlaceNotFoundError", "ReportedDistance",
    "Source", "ValidationError", "__version__", "example_path", "export", "extract", "extract_incidents",
    "from_geodataframe", "load_gazetteer", "map", "read",
    "resolve", "to_geodataframe", "write_map",
}  # fmt: skip


def test_public_api_is_pinned() -> None:
    assert set(incidentmap.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(incidentmap, name) is not None


def test_import_does_not_load_heavy_modules() -> None:
    code = (
        "import sys, incidentmap; heavy = {'shapely', 'pyproj', 'geopy', 'folium', 'matplotlib', "
        "'rapidfuzz', 'incidentmap.gazetteer'}; print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_error_derives_from_incidentmap_error() -> None:
    errors = [
        getattr(incidentmap, n) for n in EXPECTED if n.endswith("Error") and n != "IncidentMapError"
    ]
    assert all(issubclass(e, incidentmap.IncidentMapError) for e in errors)
    assert issubclass(incidentmap.PlaceNotFoundError, LookupError)


def test_extract_is_a_callable_package() -> None:
    import incidentmap.extract as package

    assert incidentmap.extract is package
    assert callable(incidentmap.extract)
    assert callable(package.extract_text)
