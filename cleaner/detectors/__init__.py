"""Detectors: pure functions from a segmented document to proposed removals.

The first ones each take (Document, Context) and return Findings; the
boilerplate detector comes last and also weighs what they found. Their
proposals may overlap; cleaner.resolve decides who is credited with what.
"""

from . import boilerplate, duplicates, lookalikes, rules, share

DETECTORS = (rules.detect, duplicates.detect, share.detect, lookalikes.detect)
WHOLE_PAGE = boilerplate.detect
