"""The coded heuristics on small written examples."""

from __future__ import annotations

from cleaner.detectors import rules as rules_detector
from cleaner.pipeline import clean, make_context
from cleaner.segment import segment

ARTICLE = [
    "The council approved the new budget on Tuesday after a debate that lasted well into the night.",
    "Schools will receive most of the additional money, the mayor said in a statement to reporters.",
    "Opposition members argued that the plan leaves roads and bridges without the repairs they need.",
    "The budget takes effect in January, and a first review is planned for the spring of next year.",
]


def rules_of(cleaned, text):
    return {(r.rule, text[r.start : r.end].strip()) for r in cleaned.removals if r.category != "whitespace"}


def test_a_repeated_paragraph_goes_the_first_stays(context):
    text = "\n\n".join(ARTICLE[:2] + [ARTICLE[0]] + ARTICLE[2:]) + "\n"
    cleaned = clean(text, context)
    assert cleaned.output.count(ARTICLE[0]) == 1
    assert any(rule == "DU002" for rule, _ in rules_of(cleaned, text))


def test_a_truncated_echo_of_a_quote_goes(context):
    quote = "“Ukraine is ready to hand over these soldiers if an exchange can be organised soon,” he wrote."
    echo = "Ukraine is ready to hand over these soldiers if an exchange can be…"
    text = "\n\n".join([ARTICLE[0], quote, echo, ARTICLE[1], ARTICLE[2]]) + "\n"
    cleaned = clean(text, context)
    assert quote in cleaned.output and echo not in cleaned.output
    assert ("DU004", echo) in rules_of(cleaned, text)


def test_a_caption_repeated_under_itself_appears_once(context):
    caption = "Smoke rises over the harbour after the fire on Sunday morning, witnesses said"
    text = "\n".join([caption + ". A second sentence of the caption follows here.", caption + ".", ""]) + "\n\n".join(ARTICLE) + "\n"
    cleaned = clean(text, context)
    assert cleaned.output.count(caption) <= 1


def test_a_line_of_share_buttons_goes_but_a_sentence_naming_them_stays(context):
    sentence = "Facebook and Twitter both removed the video within an hour of it being posted online."
    text = "\n\n".join([ARTICLE[0], "Facebook Twitter WhatsApp E-Mail", sentence, ARTICLE[1], ARTICLE[2]]) + "\n"
    cleaned = clean(text, context)
    assert "Facebook Twitter WhatsApp" not in cleaned.output and sentence in cleaned.output
    assert ("SH001", "Facebook Twitter WhatsApp E-Mail") in rules_of(cleaned, text)


def test_a_comment_spelt_with_look_alike_letters_goes_with_the_words_named(context):
    spam = "You are wondеrful! Thanks! I usеd to visit thiѕ site daily."  # Cyrillic е, ѕ
    text = "\n\n".join([ARTICLE[0], ARTICLE[1], spam, ARTICLE[2]]) + "\n"
    cleaned = clean(text, context)
    assert spam not in cleaned.output and all(p in cleaned.output for p in ARTICLE[:3])
    [removal] = [r for r in cleaned.removals if r.rule == "LA001"]
    assert removal.category == "promo" and "(wondеrful, usеd, thiѕ)" in removal.reason


def test_look_alike_letters_are_not_taken_for_a_disguise_where_a_language_writes_them(context):
    typo = "Москвa и Санкт-Петербург"  # a Latin "a" in a Russian word: a slip of the layout
    units = "Die Partikel messen 5 μm, die Probe wiegt 3 μg."  # Greek mu
    slip = ARTICLE[0].replace("budget", "budgеt")  # one disguised word in a long sentence
    text = "\n\n".join([ARTICLE[1], typo, units, slip, ARTICLE[2]]) + "\n"
    cleaned = clean(text, context)
    assert not [r for r in cleaned.removals if r.rule == "LA001"]


def test_a_menu_run_goes_with_a_readable_reason(context):
    menu = ["Home", "News", "Politik", "Wirtschaft", "Sport", "Kultur", "Wetter", "Kontakt"]
    text = "\n".join(menu) + "\n\n" + "\n\n".join(ARTICLE) + "\n"
    cleaned = clean(text, context)
    assert all(item not in cleaned.output.split("\n") for item in menu)
    assert all(paragraph in cleaned.output for paragraph in ARTICLE)
    reasons = [r.reason for r in cleaned.removals if r.rule == "BP001"]
    assert reasons and reasons[0].startswith("menu run: ")


def test_a_heading_between_paragraphs_stays(context):
    heading = "What happens next"
    text = "\n\n".join(ARTICLE[:2] + [heading] + ARTICLE[2:]) + "\n"
    assert heading in clean(text, context).output


def test_a_related_section_stops_at_real_prose(context):
    text = "\n\n".join([ARTICLE[0], ARTICLE[1], "Related Posts", "Storm closes schools", "March 3, 2025", ARTICLE[2], ARTICLE[3]]) + "\n"
    cleaned = clean(text, context)
    assert "Storm closes schools" not in cleaned.output
    assert ARTICLE[2] in cleaned.output and ARTICLE[3] in cleaned.output


def test_a_cookie_notice_inside_the_article_goes_and_the_paragraphs_around_it_stay(context):
    notice = "We use cookies to give you the best experience on our website. By continuing to browse, you agree to our use of cookies."
    text = "\n\n".join(ARTICLE[:2] + [notice] + ARTICLE[2:]) + "\n"
    cleaned = clean(text, context)
    assert notice not in cleaned.output
    assert all(paragraph in cleaned.output for paragraph in ARTICLE)
    assert ("CK001", notice) in rules_of(cleaned, text)


def test_a_comment_thread_goes_each_line_with_its_reason(context):
    thread = [
        "3 comments",
        "Anna Smith says:",
        "March 4, 2025 at 9:12 am",
        "Great article, thanks for sharing this with us!",
        "Reply",
        "Tom Jones says:",
        "March 5, 2025 at 10:40 pm",
        "I disagree with the mayor, the roads need money first.",
        "Reply",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    text = "\n\n".join(ARTICLE) + "\n\n" + "\n".join(thread) + "\n"
    cleaned = clean(text, context)
    assert cleaned.output == "\n\n".join(ARTICLE) + "\n"
    removed = rules_of(cleaned, text)
    assert {("CM008", "Anna Smith says:"), ("CM001", "Leave a Reply")} <= removed
    # The readers' own words match no rule: they go as what stands between a
    # signature and its reply button, and the log says so.
    assert {("CT001", thread[3]), ("CT001", thread[7])} <= removed
    assert all("reply button" in r.reason for r in cleaned.removals if r.rule == "CT001")


def test_rules_read_past_an_indented_list_number_only(context):
    """inscriptis numbers the items of an ordered list, indented ("   1. Anna
    Smith says:"), where html-text writes the item alone: the rules judge the
    item. A number opening an unindented line is the page's own text (a
    how-to's step "1. Registrieren"), and stays for the rules."""
    text = "   1. Anna Smith says:\n   2. Registrieren\n\n1. Registrieren\n\nFormular ausfüllen und absenden.\n"
    found = {(r.rule, text[r.start : r.end].strip()) for r in rules_detector.detect(segment(text), context).removals}
    assert found == {("CM008", "1. Anna Smith says:"), ("BY008", "2. Registrieren")}


def test_a_page_in_a_language_without_rule_phrasings_keeps_its_article(context):
    assert not any("fi" in rule.phrase_languages.values() for rule in context.ruleset.rules)
    menu = ["Etusivu", "Uutiset", "Urheilu", "Kulttuuri", "Sää", "Yhteystiedot"]
    article = [
        "Kaupunginvaltuusto hyväksyi uuden talousarvion tiistaina pitkän keskustelun jälkeen, joka jatkui myöhään yöhön.",
        "Koulut saavat suurimman osan lisärahoituksesta, pormestari sanoi toimittajille antamassaan lausunnossa.",
        "Opposition jäsenet väittivät, että suunnitelma jättää tiet ja sillat ilman niiden tarvitsemia korjauksia.",
        "Talousarvio tulee voimaan tammikuussa, ja ensimmäinen arviointi on suunniteltu ensi vuoden keväälle.",
    ]
    text = "\n".join(menu) + "\n\n" + "\n\n".join(article) + "\n"
    cleaned = clean(text, context)
    assert cleaned.language == "Finnish"
    assert cleaned.output == "\n\n".join(article) + "\n"


def test_the_guard_refuses_to_strip_a_page_that_is_all_short_lines(context):
    # A page of menu labels and no prose at all: the line model takes every line.
    items = ["News", "Politik", "Wirtschaft", "Sport", "Kultur", "Wetter", "Reisen", "Auto", "Digital", "Wissen"]
    text = "\n".join(items) + "\n"
    cleaned = clean(text, context)
    assert cleaned.guard is not None and "rolled back" in cleaned.guard
    assert all(item in cleaned.output for item in items)


def test_cleaning_settles_and_a_second_clean_is_a_no_op(context):
    menu = "\n".join(["Startseite", "Politik", "Sport", "Kultur"])
    text = menu + "\n\n" + "\n\n".join(ARTICLE) + "\n\nMehr zum Thema\n\nStorm closes schools\n"
    once = clean(text, context)
    assert clean(once.output, context).removals == ()


def test_a_related_section_takes_the_excerpts_under_its_teasers_dates():
    # Rules only: the line model would take most of these lines anyway.
    context = make_context(heuristics=False)
    teasers = [
        "Mehr über Medien, Politik, Wirtschaft:",
        "Wer steckt hinter dem Video?",
        "Mai 21 2019, 14:34 | Medien, Politik",
        "Noch immer fehlt ein Bekennerschreiben, und die Zeitungen verraten ihre Quelle nicht. Also schießen die Spekulationen ins Kraut.",
        "Die Zeitung nach Schirrmacher",
        "Jan 7 2019, 16:05 | Kultur, Medien",
        "Auf Twitter musste die Zeitung zuletzt viel Spott ertragen. Doch tapfer verteidigt sie ihre Linie gegen die Zumutungen der Moderne.",
    ]
    text = "\n\n".join(ARTICLE + teasers) + "\n"
    cleaned = clean(text, context)
    assert all(teaser not in cleaned.output for teaser in teasers)
    assert all(paragraph in cleaned.output for paragraph in ARTICLE)
    # One teaser and then more prose: the article goes on after the box.
    text = "\n\n".join(ARTICLE[:2] + teasers[:4] + ARTICLE[2:]) + "\n"
    cleaned = clean(text, context)
    assert teasers[1] not in cleaned.output
    assert teasers[3] in cleaned.output and ARTICLE[2] in cleaned.output


def test_an_author_box_goes_with_its_heading_name_and_bio(context):
    """BY028's heading takes the name under it and the short paragraph after
    that (body = "paragraph"): the bio reads like the article, only its place
    tells it."""
    bio = "Katharina hat das Sammel-Gen von ihrem Opa geerbt und schreibt hier über Flohmärkte und Trödel."
    text = "\n\n".join(ARTICLE + ["Über die Autorin", "Katharina Volkwein", bio]) + "\n"
    cleaned = clean(text, context)
    assert cleaned.output == "\n\n".join(ARTICLE) + "\n"
    (removal,) = [r for r in cleaned.removals if r.rule == "BY028"]
    assert text[removal.start : removal.end].startswith("Über die Autorin") and bio in text[removal.start : removal.end]
    assert "heading and the 17 words under it" in removal.reason


def test_a_long_paragraph_under_an_author_heading_stays(context):
    long_bio = " ".join(ARTICLE * 2)  # a paragraph of 120 words and more is not a bio of a few sentences
    assert len(long_bio.split()) > context.config.section_paragraph_max_words
    text = "\n\n".join(ARTICLE[:2] + ["About the author", long_bio]) + "\n"
    cleaned = clean(text, context)
    assert long_bio in cleaned.output and "About the author" not in cleaned.output
