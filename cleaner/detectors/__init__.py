"""Detectors: pure functions from a segmented document to proposed removals.

Each takes (Document, Context) and returns Findings. Their proposals may
overlap; cleaner.resolve decides who is credited with what.
"""

from . import duplicates, rules, share

DETECTORS = (rules.detect, duplicates.detect, share.detect)
