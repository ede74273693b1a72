"""Region dashboards: coverage, prevalence, trend, sub-regions and a choropleth map."""
