"""WHO growth standards (2006) and reference (2007): exact, vectorised z-scores.

No Django here: the engine is pure numpy and is used by the web app, the importers and the CLI.
"""

from tumbuh.growth.batch import zscores
from tumbuh.growth.errors import GrowthError, GrowthInputError

__all__ = ["GrowthError", "GrowthInputError", "zscores"]
