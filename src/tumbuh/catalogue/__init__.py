"""Each region's intervention catalogue as data, with its history (versions valid from/to)."""
