"""Each office at the table: its dashboard (coverage, open gaps, deliveries) and the log of the
lists it exchanged (gap lists exported, delivery files imported)."""
