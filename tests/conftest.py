"""Settings for the whole suite: Hypothesis judges properties, not timing (shared CI machines)."""

from hypothesis import settings

settings.register_profile("tumbuh", deadline=None)
settings.load_profile("tumbuh")
