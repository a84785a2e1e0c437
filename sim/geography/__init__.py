"""Geography: the county's facilities on a road graph (:mod:`.core`), built from a facility
table and a road file (:mod:`.facilities`, :mod:`.roads`, :mod:`.build`) or generated
(:mod:`.synthetic`)."""

from sim.geography.build import build_county, build_geography
from sim.geography.core import Geography
from sim.geography.facilities import GeographyError

__all__ = ["Geography", "GeographyError", "build_county", "build_geography"]
