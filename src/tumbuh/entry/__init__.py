"""What a person types is what is saved: decimal numbers with a comma or a point, dates that
can have happened, and values that do not jump implausibly from the previous measurement."""
