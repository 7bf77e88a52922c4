"""Errors that the command line reports without loading the modules that raise them."""


class ExchangeError(Exception):
    """A file that cannot be imported or merged. The message names the file and the place (a
    CSV line, an XML element and its line) and says what is wrong, for the user to fix."""
