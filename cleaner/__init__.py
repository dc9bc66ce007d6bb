"""cleaner: strip boilerplate from scraped web pages and log every removed span."""

# The single source of the version: pyproject.toml reads it from here, and the
# audit log stamps it into every document header. A literal rather than
# importlib.metadata, which costs ~70 ms of start-up in a shell loop.
__version__ = "0.1.0"

# Records that cleaning text builds or imports (Config, Line, Findings, …) are
# NamedTuples rather than frozen dataclasses: a dataclass compiles its methods
# when its module is imported, which cost a shell loop's `cleaner clean` ~20 ms
# of CPU a call (bench/run.py --only startup). Dataclasses stay where a record
# needs validation, cached properties or identity (Removal, Rule, Context).
