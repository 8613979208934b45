"""Static map images (PNG and SVG) of a :class:`~incidentmap.export.Scene`, for reports and PDFs.

The image draws the same layers, colours and labels as the interactive map, with matplotlib's
Agg canvas (never pyplot, so no backend or global figure is touched), in a transverse Mercator
projection centred on the scene (scale factor 1 on the central meridian): the scale bar is true
in kilometres at the centre (within 0.3 % 500 km east or west of it) and shapes keep their
angles. Every string from the data is drawn as plain text: mathtext and TeX are off, so a ``$``
in a name stays a dollar sign.

The steps live in private modules, each drawing one part:

- ``_render``: the public functions, the order of the layers, the atomic file write;
- ``_layout``: title, subtitle and footer, and where the map and the legends go on the page;
- ``_frame``: the projection and view, and projected geometry as matplotlib paths;
- ``_context``: base map and context layers (provinces, rivers, borders, zones, places, towns);
- ``_areas``: incidents known only to a governorate or country, counted on it (choropleth);
- ``_incidents``: incidents as points with uncertainty outlines, or (many) as ``_clusters``:
  bubbles with their count and actor-group shares;
- ``_distances``: reported distances (rings), force positions and the links between them;
- ``_labels``: the one greedy label placer (priorities, spots, no overlaps, no cut text);
- ``_legend``: the legend sections; ``_furniture``: scale bar and north arrow;
- ``_text``: strings as drawn (glyphs the font has, dates, wrapping, shortening by rule);
  ``_style``: colours, line styles, sizes, thresholds, label priorities, matplotlib settings.
"""

from incidentmap.export._static._render import render_figure, write_image

__all__ = ["render_figure", "write_image"]
