"""Interventions delivered to target people and families, and the convergence scorecard."""
