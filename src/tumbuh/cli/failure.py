"""How a subcommand gives up: one message on stderr after the command's name, exit code 2."""

from __future__ import annotations

#: The exit code of a command that could not do its work (bad input, unknown account, ...).
EXIT_REFUSED = 2


class CommandError(Exception):
    """Raised by a subcommand; ``tumbuh`` prints ``tumbuh COMMAND: MESSAGE`` and exits with 2."""
