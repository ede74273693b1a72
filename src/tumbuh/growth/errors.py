"""Exceptions raised by the growth engine."""


class GrowthError(Exception):
    """Base class of every error the growth engine raises."""


class GrowthInputError(GrowthError, ValueError):
    """An input value that WHO's software would refuse (unknown code, negative age, bad shape)."""
