"""Facts kept current: each child's status and monthly figures per posyandu, read by every page of
a region instead of recomputing from raw measurements (issue 17)."""
