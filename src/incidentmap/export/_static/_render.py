"""The public functions: draw a scene on a figure, layer by layer, and write it atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from incidentmap.errors import ValidationError
from incidentmap.export._scene import Scene
from incidentmap.export._static._areas import _draw_areas
from incidentmap.export._static._context import (
    _draw_points,
    _draw_shapes,
    _draw_towns,
    _label_shapes,
    _layer_places,
)
from incidentmap.export._static._distances import _draw_forces, _draw_links, _draw_rings
from incidentmap.export._static._frame import _Frame
from incidentmap.export._static._furniture import _north_arrow, _scale_bar
from incidentmap.export._static._incidents import _draw_incidents
from incidentmap.export._static._labels import _Labeller
from incidentmap.export._static._layout import _footer, _header, _map_axes, _place_legends
from incidentmap.export._static._legend import _legends
from incidentmap.export._static._style import _PAPER, _SEA, _Z, _style

__all__ = ["render_figure", "write_image"]


_FORMATS = {".png": "png", ".svg": "svg"}


def write_image(
    scene: Scene, path: str | Path, *, width_px: int = 1600, height_px: int = 1100, dpi: int = 200
) -> Path:
    """Draw ``scene`` as a PNG or SVG file, written atomically.

    Parameters
    ----------
    scene
        What to draw (see :func:`incidentmap.export.build_scene`).
    path
        Output file; its suffix, ``.png`` or ``.svg``, chooses the format.
    width_px, height_px
        Image size in pixels (for SVG: the size at ``dpi``).
    dpi
        Pixels per inch: text sizes are in points, so ``width_px / dpi`` is the printed width
        in inches at which labels have their intended size.

    Returns
    -------
    pathlib.Path
        The file written. The same scene always gives the same bytes.

    Raises
    ------
    ValidationError
        For a suffix other than ``.png``/``.svg`` or a size out of range; nothing is written.
    OSError
        When the file cannot be written (``FileNotFoundError`` for a missing folder); neither
        it nor a temporary file is left behind, and an existing file at ``path`` is untouched.

    Notes
    -----
    Drawing sets matplotlib's process-wide ``rcParams`` for its duration (and restores them), so
    images should not be drawn from several threads at once.

    Examples
    --------
    >>> from incidentmap.export import build_scene
    >>> from incidentmap.model import IncidentSet
    >>> write_image(build_scene(IncidentSet()), "map.pdf")
    Traceback (most recent call last):
    incidentmap.errors.ValidationError: image path must end in '.png' or '.svg', got 'map.pdf'
    """
    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ValidationError(
            f"image path must end in '.png' or '.svg', got {str(path)!r}", field="path", value=path
        )
    if not target.parent.is_dir():  # fail before drawing, and name the folder, not a temp file
        raise FileNotFoundError(errno.ENOENT, "no such directory", str(target.parent))
    with _style():
        fig = render_figure(scene, width_px=width_px, height_px=height_px, dpi=dpi)
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        _save_atomically(fig, target, fmt, dpi, meta)
    return target


def render_figure(
    scene: Scene, *, width_px: int = 1600, height_px: int = 1100, dpi: int = 200
) -> Figure:
    """Draw ``scene`` on a new matplotlib Figure with an Agg canvas (for notebooks and tests).

    Parameters
    ----------
    scene
        What to draw.
    width_px, height_px
        Figure size in pixels at ``dpi``.
    dpi
        Pixels per inch.

    Returns
    -------
    matplotlib.figure.Figure
        Not registered with pyplot; display it in a notebook, or ``savefig`` it.

    Raises
    ------
    ValidationError
        When a size or the dpi is out of range.

    Examples
    --------
    >>> from incidentmap.export import build_scene
    >>> from incidentmap.model import IncidentSet
    >>> fig = render_figure(build_scene(IncidentSet()), width_px=800, height_px=550, dpi=100)
    >>> [int(v) for v in fig.get_size_inches() * fig.dpi]
    [800, 550]
    """
    _check_size(width_px, height_px, dpi)
    with _style():
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
        renderer = FigureCanvasAgg(fig).get_renderer()
        map_top = _header(fig, renderer, scene)
        map_bottom = _footer(fig, renderer, scene)
        legends = _legends(fig, scene, shapely.box(*scene.bounds))
        ax, panel = _map_axes(fig, renderer, legends, map_bottom, map_top)
        frame = _Frame.fit(scene.bounds, ax.get_window_extent(renderer))
        frame.apply(ax)
        # The map shows more than the bounds where its shape differs: list what is in view.
        for leg in legends:
            leg.remove()
        _place_legends(fig, renderer, _legends(fig, scene, frame.seen), panel)
        _draw_layers(ax, frame, scene, _Labeller(ax, renderer))
    return fig


def _draw_layers(ax: Axes, frame: _Frame, scene: Scene, labels: _Labeller) -> None:
    """Every layer, bottom to top; then every label, most important first (see ``_labels``)."""
    ax.set_facecolor(_SEA if scene.basemap else _PAPER)
    context = [c for c in scene.context if c.shown]
    _draw_shapes(ax, frame, "country", scene.basemap, z=1.0, gid="basemap")
    for i, layer in enumerate(context):
        z = _Z.get(layer.kind, 2.1)
        _draw_shapes(ax, frame, layer.kind, layer.places, z=z, gid=f"context-{i}-{layer.kind}")
    _draw_areas(ax, frame, scene, labels)
    _draw_incidents(ax, frame, scene, labels)
    _draw_forces(ax, frame, scene, labels)
    _draw_rings(ax, frame, scene, labels)
    _draw_links(ax, frame, scene, labels)
    _draw_points(ax, frame, context, labels)
    _draw_towns(frame, scene.towns, labels)
    for kind in ("zone", "river"):
        _label_shapes(frame, kind, _layer_places(context, kind), labels)
    _label_shapes(frame, "country", list(scene.countries), labels)
    for artist in (*_scale_bar(ax, frame), *_north_arrow(ax, frame)):
        labels.block_artist(artist)
    labels.place()


def _check_size(width_px: int, height_px: int, dpi: int) -> None:
    for name, value, low, high in (
        ("width_px", width_px, 300, 20_000),
        ("height_px", height_px, 200, 20_000),
        ("dpi", dpi, 50, 1200),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValidationError(
                f"{name} must be an integer in [{low}, {high}], got {value!r}",
                field=name,
                value=value,
            )


def _save_atomically(fig: Figure, target: Path, fmt: str, dpi: int, meta: dict[str, Any]) -> None:
    """Write to a temporary file beside ``target``, then rename it over ``target``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fig.savefig(fh, format=fmt, dpi=dpi, metadata=meta, facecolor="white")
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; a map is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
