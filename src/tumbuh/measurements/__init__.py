"""Child anthropometry with stored WHO z-scores, flags and SKDN weight-gain status."""
