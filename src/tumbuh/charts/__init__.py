"""Charts rendered as self-contained SVG on the server: no JavaScript, no tiles, work offline,
print well, and stay light on slow phones. No Django."""

from tumbuh.charts.choropleth import Choropleth, ColourScale, choropleth_svg
from tumbuh.charts.trend import TrendSeries, trend_svg

__all__ = ["Choropleth", "ColourScale", "TrendSeries", "choropleth_svg", "trend_svg"]
