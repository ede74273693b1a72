"""Reading national-app exports row by row: clean values, warnings, or a reason to reject.

No Django: the import services (``tumbuh.imports``) store what passes. Every row of a file comes
out of validation either usable (perhaps with warnings) or rejected with its reasons.
"""
