"""Convergence: which target person or family should receive which intervention, who delivered
it, and where the gaps are (by kelurahan and by responsible office); lokus ranking. No Django:
the web app passes tables (polars DataFrames) in and shows what comes out.
"""

from tumbuh.convergence.catalogue import CATALOGUE, Intervention, Office, Unit
from tumbuh.convergence.lokus import LokusWeights, rank_lokus
from tumbuh.convergence.scorecard import Coverage, Scorecard, build_scorecard

__all__ = [
    "CATALOGUE",
    "Coverage",
    "Intervention",
    "LokusWeights",
    "Office",
    "Scorecard",
    "Unit",
    "build_scorecard",
    "rank_lokus",
]
