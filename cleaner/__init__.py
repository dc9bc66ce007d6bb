"""cleaner: strip boilerplate from scraped web pages and log every removed span."""

# The single source of the version: pyproject.toml reads it from here, and the
# audit log stamps it into every document header. A literal rather than
# importlib.metadata, which costs ~70 ms of start-up in a shell loop.
__version__ = "0.1.0"
