"""A command used wrongly: one line on stderr and exit status 2 (``bot.cli``)."""

EXIT_USAGE = 2


class UsageError(Exception):
    pass
