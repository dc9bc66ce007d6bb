"""Lines made only of share-button words: "Facebook Twitter WhatsApp E-Mail".

The platform and button words are trafilatura's own list (its RE_FILTER,
which drops an HTML element whose text is one such word); this detector
extends it from one word to a line of them, with the verbs and counters that
sit beside the buttons in a page saved as text.
"""

from __future__ import annotations

import re

from ..removal import Priority, Removal
from ..segment import Document
from .base import Context, Findings

_ORIGIN = "cleaner.detectors.share"
# Button labels that trafilatura's list leaves out because, in HTML, they sit
# in attributes or icons; in text they are words. English, German, French,
# Spanish, Portuguese, Polish, Italian, Dutch.
SHARE_WORDS = frozenset(
    """
    share shares shared sharing tweet tweets tweeten twittern retweet pin pins pinnen pin it
    teilen geteilt mal teilen merken gemerkt versenden senden kopieren link copy bookmark
    partager partagez partage envoyer imprimer compartir compartido enviar imprimir
    compartilhar partilhar udostępnij wyślij condividi stampa delen
    telegram threads bluesky mastodon tiktok youtube vk vkontakte messenger sms tumblr skype
    this artikel article diesen seite page via on auf
    """.split()
)
_TOKEN = re.compile(r"[^\s|/·•,;:]+")  # what lies between spaces and separators
_COUNT = re.compile(r"\d+(?:[.,]\d+)?[kKmM]?")


def detect(doc: Document, context: Context) -> Findings:
    if not context.heuristics or context.share_filter is None:
        return Findings()
    removals = []
    for line in doc.lines:
        if line.blank:
            continue
        content = doc.content(line)
        if len(content) > 200:  # a paragraph, not a row of buttons
            continue
        if is_share_line(content, context.share_filter):
            removals.append(
                Removal(
                    line.start,
                    line.stop,
                    "SH001",
                    "share.button-line",
                    "share",
                    _ORIGIN,
                    "every word is a share or print button (trafilatura's list)",
                    Priority.PRECISE,
                )
            )
    return Findings(tuple(removals))


def is_share_line(content: str, share_filter: re.Pattern) -> bool:
    """All tokens are share words or counts, and at least one is trafilatura's."""
    if share_filter.match(content):  # trafilatura's own verdict, for one-phrase lines
        return True
    platform = False
    # Token by token: most lines are prose, and their first word settles it.
    for token in map(re.Match.group, _TOKEN.finditer(content)):
        if share_filter.match(token):
            platform = True
        elif token.casefold() not in SHARE_WORDS and not _COUNT.fullmatch(token):
            return False
    return platform
