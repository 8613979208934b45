"""Vendor the Leaflet assets that incidentmap's HTML maps inline, reproducibly, from npm.

The maps must render with no network, so Leaflet and its plugins are copied into
``src/incidentmap/export/assets/`` and inlined into every HTML file. This script re-does that
copy from scratch, so anyone can refresh it or check that the committed files are what the
pinned npm packages give:

1. ``npm pack NAME@VERSION`` for each pinned package (the registry's own tarball);
2. check the tarball against the pinned npm ``integrity`` (sha512), so a changed registry is
   noticed rather than vendored;
3. copy the files the maps need, plus each package's licence file;
4. rewrite every relative ``url(...)`` in the vendored CSS into a ``data:`` URI of the image it
   names, so the CSS needs no file beside it;
5. generate ``leaflet/leaflet-default-icons.js``, which points ``L.Icon.Default`` at the
   marker images as ``data:`` URIs (see :func:`_default_icons_js` for why);
6. write ``MANIFEST.json``: per file its package, version, tarball path(s), sha256, licence
   and whether (and how) it was modified.

The output depends only on the tarballs' bytes: no timestamps, sorted JSON keys, so running it
again gives byte-identical files.

Usage::

    python scripts/vendor_assets.py           # refresh the vendored assets in place
    python scripts/vendor_assets.py --check   # re-vendor into a temporary folder and compare;
                                              # exit status 1 if anything differs
"""

from __future__ import annotations

import argparse
import base64
import filecmp
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ASSETS_DIR = REPO / "src" / "incidentmap" / "export" / "assets"
MANIFEST_NAME = "MANIFEST.json"


@dataclass(frozen=True)
class Pin:
    """One npm package at a pinned version, and what to take from its tarball.

    ``files`` pairs a tarball member (``package/...``) with the name it is vendored under, inside
    the package's folder. ``integrity`` is the registry's ``dist.integrity`` for that version.
    """

    package: str
    version: str
    integrity: str
    licence: str
    licence_member: str
    files: tuple[tuple[str, str], ...]


PINS: tuple[Pin, ...] = (
    Pin(
        package="leaflet",
        version="1.9.4",
        integrity=(
            "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
        ),
        licence="BSD-2-Clause",
        licence_member="package/LICENSE",
        files=(
            ("package/dist/leaflet.js", "leaflet.js"),
            ("package/dist/leaflet.css", "leaflet.css"),
        ),
    ),
    Pin(
        package="leaflet.fullscreen",
        version="5.3.3",
        integrity=(
            "sha512-ejA/av8y2/pPHl7kPROQziWuoKXoycxyBiBR+vRucnp6CxlTpsSfrXxWuGyYdQICHHJxtMeJlrYp7fwMtNpRhQ=="
        ),
        licence="MIT",
        licence_member="package/LICENSE.md",
        # The UMD build: it registers L.Control.FullScreen on the global L, which an inlined
        # <script> needs (the package's "main" is an ES module that imports 'leaflet').
        files=(
            ("package/dist/Control.FullScreen.umd.js", "Control.FullScreen.umd.js"),
            ("package/dist/Control.FullScreen.css", "Control.FullScreen.css"),
        ),
    ),
    Pin(
        package="leaflet.polylinemeasure",
        version="3.0.0",
        integrity=(
            "sha512-PTTHz7NBJiWmNFetH8hb3leQNM15qoM9Xe7VDKh1Hyat/M+USqFYeoa0A0LAecsqsjUqA63Rzux4SivoyrSFkA=="
        ),
        licence="BSD-2-Clause",
        licence_member="package/LICENSE.txt",
        files=(
            ("package/Leaflet.PolylineMeasure.js", "Leaflet.PolylineMeasure.js"),
            ("package/Leaflet.PolylineMeasure.css", "Leaflet.PolylineMeasure.css"),
        ),
    ),
)

DEFAULT_ICONS_NAME = "leaflet-default-icons.js"
_DEFAULT_ICON_MEMBERS = {
    "iconUrl": "package/dist/images/marker-icon.png",
    "iconRetinaUrl": "package/dist/images/marker-icon-2x.png",
    "shadowUrl": "package/dist/images/marker-shadow.png",
}

_MEDIA_TYPES = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}

# A CSS url() token, quoted or not. Good enough for the vendored stylesheets, which the tests
# check afterwards: no url() other than data: and same-document #fragments may remain.
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<target>.*?)(?P=quote)\s*\)""", re.DOTALL)


class VendorError(RuntimeError):
    """The registry gave something other than what is pinned, or a file is missing."""


def data_uri(member: str, payload: bytes) -> str:
    """Return *payload* as a base64 ``data:`` URI, its media type taken from *member*'s suffix.

    >>> data_uri("package/dist/images/x.png", b"\\x89PNG")
    'data:image/png;base64,iVBORw=='
    """
    suffix = posixpath.splitext(member)[1].lower()
    try:
        media_type = _MEDIA_TYPES[suffix]
    except KeyError:
        msg = f"no media type known for {member!r}; known suffixes: {sorted(_MEDIA_TYPES)}"
        raise VendorError(msg) from None
    return f"data:{media_type};base64,{base64.b64encode(payload).decode('ascii')}"


def inline_css_urls(css: str, css_member: str, members: dict[str, bytes]) -> tuple[str, list[str]]:
    """Rewrite each relative ``url(...)`` in *css* into a ``data:`` URI of the tarball file.

    Targets are resolved against the folder of *css_member* inside the tarball. ``data:`` URIs
    and same-document fragments (``url(#default#VML)``, an old-IE behaviour Chromium ignores)
    are left alone: neither loads anything.

    Returns the new CSS and the tarball members embedded, in order of first use.

    >>> css = ".a { background: url(images/i.png); } .b { behavior: url(#default#VML); }"
    >>> inline_css_urls(css, "package/dist/x.css", {"package/dist/images/i.png": b"PNG"})
    ('.a { background: url("data:image/png;base64,UE5H"); } .b { behavior: url(#default#VML); }', ['package/dist/images/i.png'])
    """
    embedded: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = match.group("target").strip()
        if target.startswith(("data:", "#")):
            return match.group(0)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.IGNORECASE):
            msg = f"{css_member} references an absolute URL {target!r}; refusing to vendor it"
            raise VendorError(msg)
        member = posixpath.normpath(posixpath.join(posixpath.dirname(css_member), target))
        if member not in members:
            msg = f"{css_member} references {target!r}, but the tarball has no {member!r}"
            raise VendorError(msg)
        if member not in embedded:
            embedded.append(member)
        return f'url("{data_uri(member, members[member])}")'

    return _CSS_URL.sub(replace, css), embedded


def _default_icons_js(pin: Pin, members: dict[str, bytes]) -> bytes:
    """Build the script that gives ``L.Icon.Default`` its images as ``data:`` URIs.

    Leaflet finds its default marker images by reading the ``background-image`` of
    ``.leaflet-default-icon-path`` from leaflet.css and cutting ``marker-icon.png`` off the end.
    Once that CSS holds a ``data:`` URI the cut fails, ``imagePath`` becomes ``null`` and every
    ``L.marker`` asks for ``nullmarker-icon.png``. Setting ``imagePath`` to ``""`` (a string,
    so Leaflet skips its detection) and the three URLs to ``data:`` URIs fixes that offline.
    """
    lines = [
        f"/* Generated by scripts/vendor_assets.py from {pin.package}@{pin.version}:",
        *(f" * {member}" for member in _DEFAULT_ICON_MEMBERS.values()),
        f" * as data: URIs ({pin.licence}, see LICENSE). Load after leaflet.js. */",
        "(function (L) {",
        '\tL.Icon.Default.imagePath = "";',
        "\tL.Icon.Default.mergeOptions({",
    ]
    options = [
        f'\t\t{option}: "{data_uri(member, members[member])}"'
        for option, member in _DEFAULT_ICON_MEMBERS.items()
    ]
    lines += [",\n".join(options), "\t});", "}(window.L));", ""]
    return "\n".join(lines).encode("utf-8")


def npm_pack(pin: Pin, dest: Path) -> Path:
    """Fetch the registry tarball of *pin* into *dest* with ``npm pack``; return its path."""
    spec = f"{pin.package}@{pin.version}"
    result = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        check=True,
        capture_output=True,
        text=True,
    )
    (info,) = json.loads(result.stdout)
    return dest / info["filename"]


def check_integrity(pin: Pin, tarball: Path) -> None:
    """Raise :class:`VendorError` unless *tarball*'s sha512 is the pinned npm integrity."""
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
    got = f"sha512-{digest}"
    if got != pin.integrity:
        msg = f"{pin.package}@{pin.version}: tarball integrity {got!r} != pinned {pin.integrity!r}"
        raise VendorError(msg)


def read_members(tarball: Path) -> dict[str, bytes]:
    """Return every regular file of an npm tarball, by member name."""
    members: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for info in archive.getmembers():
            if info.isfile():
                handle = archive.extractfile(info)
                if handle is not None:
                    members[info.name] = handle.read()
    return members


def _member(pin: Pin, members: dict[str, bytes], name: str) -> bytes:
    try:
        return members[name]
    except KeyError:
        msg = f"{pin.package}@{pin.version} has no {name!r}"
        raise VendorError(msg) from None


def vendor_package(pin: Pin, members: dict[str, bytes], out_dir: Path) -> list[dict[str, Any]]:
    """Write *pin*'s vendored files under ``out_dir/<package>/``; return their manifest rows."""
    pkg_dir = out_dir / pin.package
    pkg_dir.mkdir(parents=True)
    rows: list[dict[str, Any]] = []

    def emit(name: str, payload: bytes, sources: list[str], modification: str | None) -> None:
        (pkg_dir / name).write_bytes(payload)
        rows.append(
            {
                "path": f"{pin.package}/{name}",
                "package": pin.package,
                "version": pin.version,
                "tarball_paths": sources,
                "sha256": hashlib.sha256(payload).hexdigest(),
                "bytes": len(payload),
                "licence": pin.licence,
                "modified": modification is not None,
                "modification": modification,
            }
        )

    licence_name = posixpath.basename(pin.licence_member)
    emit(licence_name, _member(pin, members, pin.licence_member), [pin.licence_member], None)
    for member, name in pin.files:
        payload = _member(pin, members, member)
        if name.endswith(".css"):
            css, embedded = inline_css_urls(payload.decode("utf-8"), member, members)
            if embedded:
                note = "relative url(...) references rewritten to data: URIs of the images"
                emit(name, css.encode("utf-8"), [member, *embedded], note)
                continue
        emit(name, payload, [member], None)
    if pin.package == "leaflet":
        note = "generated: L.Icon.Default images as data: URIs (leaflet.css no longer names files)"
        sources = list(_DEFAULT_ICON_MEMBERS.values())
        emit(DEFAULT_ICONS_NAME, _default_icons_js(pin, members), sources, note)
    return rows


def build(out_dir: Path, download_dir: Path) -> dict[str, Any]:
    """Vendor every pinned package into the empty folder *out_dir*; return the manifest."""
    packages: dict[str, Any] = {}
    files: list[dict[str, Any]] = []
    for pin in PINS:
        tarball = npm_pack(pin, download_dir)
        check_integrity(pin, tarball)
        members = read_members(tarball)
        files += vendor_package(pin, members, out_dir)
        packages[pin.package] = {
            "version": pin.version,
            "tarball": tarball.name,
            "integrity": pin.integrity,
            "licence": pin.licence,
            "licence_file": f"{pin.package}/{posixpath.basename(pin.licence_member)}",
        }
    manifest = {
        "generated_by": "scripts/vendor_assets.py",
        "packages": packages,
        "files": sorted(files, key=lambda row: row["path"]),
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return manifest


def _tree(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def compare(built: Path, committed: Path) -> list[str]:
    """Return the differences between two asset folders, one human-readable line each."""
    built_files, committed_files = _tree(built), _tree(committed)
    problems = [f"missing: {name}" for name in sorted(built_files - committed_files)]
    problems += [f"unexpected: {name}" for name in sorted(committed_files - built_files)]
    problems += [
        f"differs: {name}"
        for name in sorted(built_files & committed_files)
        if not filecmp.cmp(built / name, committed / name, shallow=False)
    ]
    return problems


def install(built: Path, assets_dir: Path) -> None:
    """Replace the vendored package folders and manifest in *assets_dir* with *built*'s."""
    assets_dir.mkdir(parents=True, exist_ok=True)
    for pin in PINS:
        shutil.rmtree(assets_dir / pin.package, ignore_errors=True)
        shutil.copytree(built / pin.package, assets_dir / pin.package)
    shutil.copyfile(built / MANIFEST_NAME, assets_dir / MANIFEST_NAME)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="re-vendor into a temporary folder and compare with the committed assets",
    )
    parser.add_argument(
        "--assets-dir",
        type=Path,
        default=ASSETS_DIR,
        help=f"where the vendored assets live (default: {ASSETS_DIR.relative_to(REPO)})",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="incidentmap-vendor-") as tmp:
        built, downloads = Path(tmp) / "assets", Path(tmp) / "npm"
        built.mkdir()
        downloads.mkdir()
        try:
            manifest = build(built, downloads)
        except (VendorError, subprocess.CalledProcessError) as err:
            print(f"vendor_assets: {err}", file=sys.stderr)
            return 2
        if args.check:
            problems = compare(built, args.assets_dir)
            for line in problems:
                print(line)
            print("vendored assets are up to date" if not problems else "vendored assets differ")
            return 1 if problems else 0
        install(built, args.assets_dir)
    for row in manifest["files"]:
        flag = " (modified)" if row["modified"] else ""
        print(f"{row['bytes']:>9}  {row['path']}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
