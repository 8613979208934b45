"""Text helpers shared by extraction and readers: name folding and phrase parsers."""

from incidentmap.text._decode import decode_utf8
from incidentmap.text._distance import find_distances, parse_distance, parse_number
from incidentmap.text._fold import ARTICLES, fold, fold_version, plain, skeleton
from incidentmap.text._fuzzy import FuzzyIndex
from incidentmap.text._scan import anchored_windows

__all__ = [
    "ARTICLES",
    "FuzzyIndex",
    "anchored_windows",
    "decode_utf8",
    "find_distances",
    "fold",
    "fold_version",
    "parse_distance",
    "parse_number",
    "plain",
    "skeleton",
]
