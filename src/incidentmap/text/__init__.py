"""Text helpers shared by extraction and readers: name folding and phrase parsers."""

from incidentmap.text._distance import find_distances, parse_distance, parse_number
from incidentmap.text._fold import ARTICLES, fold, plain, skeleton

__all__ = [
    "ARTICLES",
    "find_distances",
    "fold",
    "parse_distance",
    "parse_number",
    "plain",
    "skeleton",
]
