"""The share-button list read from trafilatura's source is the one trafilatura uses."""

from __future__ import annotations

from cleaner.trafilatura_adapter import share_filter


def test_share_filter_is_trafilaturas_re_filter():
    from trafilatura.utils import RE_FILTER

    ours = share_filter()
    assert (ours.pattern, ours.flags) == (RE_FILTER.pattern, RE_FILTER.flags)
