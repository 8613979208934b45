"""An article mapped straight from its text: in a real browser, offline, its words never run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from incidentmap.api import map_scene, read
from incidentmap.export import write_html
from incidentmap.gazetteer import Gazetteer

OpenMap = Callable[..., Any]

# A dispatch of our own with hostile words where a report's words end up on the map: the
# target, the claimant of a casualty figure and the force of a distance claim.
ARTICLE = (
    "Russian jets bombed <script>window.__xss=1</script> fighters near the city of al-Bab on "
    'Tuesday, killing 12 <img src=x onerror="window.__xss=2"> fighters, the '
    "<b onmouseover=window.__xss=3>Observatory</b> said.\n\n"
    "US troops {{7*7}} were less than five kilometres from the strike, officials said.\n"
)


def _api(page: Any) -> str:
    name = page.evaluate("Object.keys(window.IncidentMap.maps)[0]")
    return f"window.IncidentMap.maps[{name!r}]"


def test_an_article_maps_offline_and_its_words_never_run(
    gazetteer: Gazetteer, tmp_path: Path, open_map: OpenMap
) -> None:
    article = tmp_path / "dispatch.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    incidents = read([article], gazetteer=gazetteer, published=None)
    assert len(incidents) == 1
    inc = incidents.incidents[0]
    assert inc.place is not None and "Bāb" in inc.place.name
    assert inc.proximity and inc.proximity[0].unit == "km"
    path = write_html(
        map_scene(incidents, title="dispatch", gazetteer=gazetteer), tmp_path / "m.html"
    )
    page = open_map(path)
    assert page.problems() == []
    assert page.evaluate(f"{_api(page)}.count") == 1
    popup = page.evaluate(f"{_api(page)}.openPopup(0).textContent")
    assert "five kilometres" in popup
    assert "{{7*7}}" in popup  # the source's words, shown as written, never a template
    assert page.evaluate("document.querySelectorAll('.leaflet-popup-content img').length") == 0
    assert not page.xss_fired()
