"""The offline place index: curated places, GeoNames and Natural Earth, ranked resolution."""

from incidentmap.gazetteer._build import default_data_dir
from incidentmap.gazetteer._context import MapContext
from incidentmap.gazetteer._gazetteer import Gazetteer, Near
from incidentmap.gazetteer._words import commonness, name_share, zipf

__all__ = ["Gazetteer", "MapContext", "Near", "default_data_dir"]
__all__ += ["commonness", "name_share", "zipf"]
