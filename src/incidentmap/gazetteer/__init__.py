"""The offline place index: curated places, GeoNames and Natural Earth, ranked resolution."""

from incidentmap.gazetteer._build import default_data_dir
from incidentmap.gazetteer._context import MapContext
from incidentmap.gazetteer._gazetteer import Gazetteer, Near

__all__ = ["Gazetteer", "MapContext", "Near", "default_data_dir"]
