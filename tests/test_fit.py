"""Text measurement and pagination: pure functions, checked with and without the font files."""

from __future__ import annotations

from trainkit.writers import fit
from trainkit.writers.fit import Metrics, Para, Span


def test_measured_widths_follow_the_font_and_the_fallback_is_wider():
    m = fit.metrics()
    if m.measured:
        # Arial/Liberation Sans: "Hello world" is about 4.95 em
        assert 95 < m.width("Hello world", 20) < 102
        assert m.width("Hello", 20, bold=True) > m.width("Hello", 20)
    assert Metrics().width("Hello world", 20) == 11 * 0.55 * 20


def test_lines_wrap_at_spaces_and_break_long_words():
    m = Metrics()  # the estimate: 11 pt per character at 20 pt
    assert fit.count_lines((Span("aaaa bbbb"),), 100, 20, m) == 1
    assert fit.count_lines((Span("aaaa bbbb cccc"),), 100, 20, m) == 2
    assert fit.count_lines((Span("a" * 30),), 100, 20, m) == 4
    assert fit.count_lines((Span("one\ntwo"),), 500, 20, m) == 2


def test_text_shrinks_before_it_splits_and_never_goes_under_the_floor():
    m = Metrics()
    paras = [Para((Span("word " * 12),), space_before=0.4) for _ in range(6)]
    result = fit.fit_text(paras, 700, 300, m)
    assert result.fits_one and fit.BODY_FLOOR <= result.size < 28
    many = [Para((Span("word " * 12),), space_before=0.4) for _ in range(40)]
    split = fit.fit_text(many, 700, 300, m)
    assert len(split.pages) > 1 and split.size >= fit.BODY_FLOOR
    assert sorted(i for page in split.pages for i in page) == list(range(40))
    sizes = [len(page) for page in split.pages]
    assert max(sizes) - min(sizes) <= 2  # balanced pages


def test_sub_items_stay_with_their_parent():
    m = Metrics()
    paras = []
    for _ in range(8):
        paras.append(Para((Span("parent " * 5),)))
        paras.append(Para((Span("child " * 5),), scale=0.85, keep_with_previous=True))
    result = fit.fit_text(paras, 400, 200, m)
    for page in result.pages:
        assert not paras[page[0]].keep_with_previous


def test_tables_split_by_rows_with_measured_widths():
    m = Metrics()
    header = [(Span("Name"),), (Span("Description"),)]
    rows = [[(Span(f"Row {i}"),), (Span("a longer description of the row " * 2),)] for i in range(30)]
    result = fit.fit_table(header, rows, 600, 300, m)
    assert len(result.pages) > 1
    assert [i for page in result.pages for i in page] == list(range(30))
    assert abs(sum(result.widths) - 600) < 0.01
    assert result.widths[1] > result.widths[0]
    small = fit.fit_table(header, rows[:2], 600, 300, m)
    assert len(small.pages) == 1 and small.size == fit.TABLE_SIZES[0]


def test_long_titles_shrink_to_fit_their_area():
    m = fit.metrics()
    short, lines = fit.fit_title((Span("Agenda"),), 800, 80, m, 36)
    assert short == 36 and lines == 1
    long_title = (Span("A very long title that keeps going well beyond one line " * 3),)
    size, lines = fit.fit_title(long_title, 800, 80, m, 36)
    assert size < 36 and lines * size * fit.LINE_HEIGHT <= 80 * fit.SAFETY


def test_fitted_pictures_keep_their_aspect_ratio():
    from trainkit.writers.pptx_shapes import Box, fitted

    box = Box(100, 100, 1000, 500)
    wide = fitted(400, 100, box)
    assert (wide.w, wide.h) == (1000, 250) and wide.y == 225
    tall = fitted(100, 400, box)
    assert tall.h == 500 and tall.w == 125 and tall.x == 100 + (1000 - 125) // 2


def test_table_columns_hold_their_longest_word_even_in_bold_headers():
    """A five-column table: no column narrower than its longest word (headers measured bold, as drawn);
    when the words cannot all fit at a size, a smaller size is chosen rather than breaking one."""
    from trainkit.writers.fit import Span, fit_table, longest_word, metrics, words_fit

    m = metrics()
    header = [(Span(t),) for t in ("Level", "Indikator", "Messverfahren", "Häufigkeit", "Verantwortlichkeit")]
    rows = [[(Span(t),) for t in ("Ergebnis", "Beschäftigungsquote", "Befragung", "jährlich",
                                  "Projektmanagement")]] * 3
    layout = fit_table(header, rows, 640, 400, m)
    assert words_fit(header, rows, 640, layout.size, m)
    for c, width in enumerate(layout.widths):
        bold = longest_word(tuple(Span(s.text, True) for s in header[c]), layout.size, m)
        body = max(longest_word(row[c], layout.size, m) for row in rows)
        assert width >= max(bold, body), (c, width, bold, body)
    wide = fit_table(header, rows, 900, 400, m)
    assert wide.size > layout.size  # the narrower table had to come down a size to keep its words whole
