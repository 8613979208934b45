"""The offline place index: curated places, GeoNames and Natural Earth, ranked resolution."""

from incidentmap.gazetteer._build import default_data_dir
from incidentmap.gazetteer._gazetteer import Gazetteer, Near

__all__ = ["Gazetteer", "Near", "default_data_dir"]
