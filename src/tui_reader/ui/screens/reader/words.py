"""Word statuses in the reader: colours, counts, and setting a word's status."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from tui_reader.core import statuses as word_statuses
from tui_reader.core.errors import describe_os_error
from tui_reader.core.statuses import (
    IGNORED,
    KNOWN,
    Context,
    WordKey,
    count,
    mark_known,
    reading_of,
    segment_keys,
)
from tui_reader.ui.screens.reader.host import Host


class WordsFeature(Host):
    """The status of each Arabic word (new, learning, known, ignored), drawn and counted."""

    @work(thread=True, exclusive=True, group="statuses")
    def _resolve_words(self, chosen: dict[str, str]) -> None:
        """Every segment's words with their lemmas, once: a book's words are looked up here,
        not while paging (a look-up reads the lexicon the first time, and each word is kept)."""
        worker = get_current_worker()
        found: list[list[WordKey]] = []
        for segment in self.text:
            if len(found) % 64 == 0 and worker.is_cancelled:
                return
            found.append(segment_keys(segment.ar, chosen))
        if not worker.is_cancelled:
            self.app.call_from_thread(self._words_resolved, found)

    def _words_resolved(self, found: list[list[WordKey]]) -> None:
        self.word_keys = found
        self._statuses_changed()
        self._settled()

    def _statuses_changed(self) -> None:
        keys = self.word_keys
        if keys is None:
            return
        status = self.statuses.status
        coloured = {}
        for index, words in enumerate(keys):
            arabic = self.text.segments[index].ar
            spans: list[tuple[int, int, int]] = []
            for start, end, key in words:
                level = status(key)
                if level in (KNOWN, IGNORED):
                    continue
                if spans and spans[-1][2] == level and not arabic[spans[-1][1] : start].strip():
                    # One span over words of one status and the spaces between them: a term's
                    # underline is then drawn in one piece, not cut at each space.
                    spans[-1] = (spans[-1][0], end, level)
                else:
                    spans.append((start, end, level))
            if spans:
                coloured[index] = spans
        self.view.set_statuses(coloured)
        self.word_counts = count(keys, self.statuses)
        self._show_position(self.view.current)

    def _words_status(self) -> str:
        """The share of the running words known, and the words new and learning, padded to one
        width from the first paint on: the counts arriving from the worker, or changing with
        a key, must not make Textual lay out the whole screen again."""
        if self._word_digits is None:
            # No text has more distinct words than words.
            self._word_digits = len(str(sum(segment.ar.count(" ") + 1 for segment in self.text)))
        digits = self._word_digits
        words = self.word_counts
        if words is None:
            wait = "…"
            return f" · known {wait:>3}% · new {wait:>{digits}} · learning {wait:>{digits}}"
        if not words.running:
            return ""
        # The share known first, and the known words' count left to the library and `texts`:
        # the line must leave room for the title at 80 columns.
        return (
            f" · known {words.percent_known:>3}% · new {words.new:>{digits}}"
            f" · learning {words.learning:>{digits}}"
        )

    def _word_key(self, index: int, start: int, end: int) -> str:
        if self.word_keys is not None:
            for first, last, key in self.word_keys[index]:
                if (first, last) == (start, end):
                    return key
        return reading_of(self.text.segments[index].ar[start:end], self.statuses.chosen).key

    def _save_statuses(self) -> bool:
        try:
            aside = self.statuses.save()
        except OSError as error:
            self.notify(
                f"Word statuses cannot be saved: {describe_os_error(error)}. They stay here "
                "while tui-reader runs.",
                title="Statuses not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
            return False
        if aside is not None:
            self.notify(
                f"The damaged statuses file was kept aside as {aside}.", timeout=15, markup=False
            )
        return True

    def action_set_status(self, status: int) -> None:
        view = self.view
        if view.word is None or view.pane != "ar":
            return
        index = view.current
        segment = self.text.segments[index]
        start, end = view.word
        word = segment.ar[start:end]
        reading = reading_of(word, self.statuses.chosen)
        key = self._word_key(index, start, end)
        context = Context(self.text.id, self.text.title_en, segment.ar, start, end)
        self.statuses.set(key, status, reading.lemma, context)
        self._save_statuses()
        self._statuses_changed()
        self.notify(
            f"“{word}” ({reading.lemma}): {word_statuses.describe(status)}", timeout=2, markup=False
        )

    def _choose_reading(self, word: str, lemma_key: str) -> None:
        """The word's status belongs to this lemma from now on, wherever the word stands: its
        keys are looked up again, then drawn and counted."""
        self.statuses.choose(word, lemma_key)
        self._save_statuses()
        self._resolve_words(dict(self.statuses.chosen))
        reading = reading_of(word, self.statuses.chosen)
        status = word_statuses.describe(self.statuses.status(reading.key))
        self.notify(f"“{word}” now reads {reading.lemma}: {status}", timeout=3, markup=False)

    def action_known_on_screen(self) -> None:
        """Every new word of the segments on screen known (Lute's "mark the rest as known")."""
        view = self.view
        if self.word_keys is None:
            self.notify("The words of this text are still being looked up.", timeout=3)
            return
        top = int(view.scroll_y)
        bottom = top + view.scrollable_content_region.height - 1
        first, last = view.segment_at(top), view.segment_at(bottom)
        # Only segments wholly on screen: the words of one cut at an edge are not all seen
        # (unless one segment fills the screen).
        starts = view.rows.starts
        if starts[first] < top and first < last:
            first += 1
        if starts[last + 1] - 1 > bottom and last > first:
            last -= 1
        keys = [key for words in self.word_keys[first : last + 1] for _, _, key in words]
        done = mark_known(self.statuses, keys)
        if done:
            self._save_statuses()
            self._statuses_changed()
        self.notify(
            f"{done} new word{'s' if done != 1 else ''} of segments {first + 1}–{last + 1} "
            "marked known.",
            timeout=3,
        )

    def action_toggle_status_colours(self) -> None:
        view = self.view
        view.show_status_colours(not view.status_colours)
        self.notify(f"Status colours {'on' if view.status_colours else 'off'}.", timeout=2)
