"""What a new-user trial found in the reader, the study drill, the palette and the help."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Label

from tui_reader.core import library
from tui_reader.core.search import Query, QueryError, search
from tui_reader.core.text import Text
from tui_reader.ui.app import ReaderApp
from tui_reader.ui.widgets.search_panel import SearchPanel


def _article() -> Text:
    return library.open_text(library.DEFAULT_TEXT_ID)


async def test_a_regular_expression_error_wraps_whole_in_the_search_panel() -> None:
    app = ReaderApp(_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        panel = app.screen.query_one(SearchPanel)
        panel.query_one("#search-regex", Checkbox).value = True
        panel.query_one("#search-query", Input).value = "("
        await app.workers.wait_for_complete()
        await pilot.pause()
        count = panel.query_one("#search-count", Label)
        with pytest.raises(QueryError) as raised:
            search(Query("(", regex=True), [_article()])
        expected = str(raised.value)
        shown = " ".join(count.render_line(y).text.strip() for y in range(count.size.height))
        assert count.size.width <= panel.size.width
        assert expected in " ".join(shown.split())
