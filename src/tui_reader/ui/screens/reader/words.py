"""Word statuses in the reader: colours, counts, and setting a word's status."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping

from textual import work
from textual.worker import get_current_worker

from tui_reader.core import statuses as word_statuses
from tui_reader.core.errors import describe_os_error
from tui_reader.core.normalize import normalize
from tui_reader.core.statuses import (
    IGNORED,
    KNOWN,
    Context,
    TextWords,
    WordKey,
    kept_text_words,
    mark_known,
    new_words,
    reading_of,
    text_words,
)
from tui_reader.core.text import Text
from tui_reader.ui.screens.reader.host import Host

ColourSpan = tuple[int, int, int]
"""(start, end, status) of words of a segment's Arabic drawn in one status's colour."""
COLOURED_KEPT = 256
"""Segments whose colour spans are kept: a few screens."""


def _colour_spans(
    arabic: str, words: list[WordKey], status: Callable[[str], int]
) -> list[ColourSpan]:
    spans: list[ColourSpan] = []
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
    return spans


class StatusColours(Mapping[int, list[ColourSpan]]):
    """The words to colour by status, by segment, found when a segment is drawn: a book's
    spans for every segment would be built at each status key, and kept. Read on the loop
    and in the thread that draws the page below (see `ParallelView._prepare_ahead`)."""

    def __init__(self, text: Text, words: TextWords, status: Callable[[str], int]) -> None:
        self._text, self._words, self._status = text, words, status
        self._built: dict[int, list[ColourSpan]] = {}
        self._lock = threading.Lock()

    def _spans(self, index: int) -> list[ColourSpan]:
        found = self._built.get(index)
        if found is None:
            found = _colour_spans(self._text.segments[index].ar, self._words[index], self._status)
            with self._lock:
                while len(self._built) >= COLOURED_KEPT:
                    self._built.pop(next(iter(self._built)))
                self._built[index] = found
        return found

    def get(self, index: int, default: object = None) -> object:  # type: ignore[override]
        if not 0 <= index < len(self._words):
            return default
        return self._spans(index) or default

    def __getitem__(self, index: int) -> list[ColourSpan]:
        found = self.get(index)
        if not found:
            raise KeyError(index)
        return self._spans(index)

    def __iter__(self) -> Iterator[int]:
        return (index for index in range(len(self._words)) if self._spans(index))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WordsFeature(Host):
    """The status of each Arabic word (new, learning, known, ignored), drawn and counted."""

    # Described: Textual would write out the `repr` of every reading the learner chose.
    @work(thread=True, exclusive=True, group="statuses", description="the words' lemmas")
    def _resolve_words(
        self, chosen: dict[str, str], previous: TextWords | None = None, folded: str = ""
    ) -> None:
        """Every segment's words with their lemmas, once: a book's words are looked up here
        (or read back from the cache folder), not while paging. With `previous`, the words
        found before, and `folded`, a word whose reading was chosen, only the words that fold
        to it are looked up again."""
        worker = get_current_worker()
        arabic = [segment.ar for segment in self.text]
        if previous is None:
            found = kept_text_words(arabic, chosen, lambda: worker.is_cancelled)
        else:
            found = text_words(arabic, chosen, previous=previous, folded={folded})
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._words_resolved, found)

    def _words_resolved(self, found: TextWords) -> None:
        # A worker's result can arrive as the app closes, its widgets gone: the query of
        # the status line would fail the worker, and the app with it.
        if not self.is_attached:
            return
        self.word_keys = found
        self._statuses_changed()
        self._settled()

    def _statuses_changed(self, *, recount: bool = True) -> None:
        """Colour the words again and, unless the caller recounted, count them again."""
        words = self.word_keys
        if words is None:
            return
        view = self.view
        colours = StatusColours(self.text, words, self.statuses.status)
        # The segments on screen now, before the next paint draws them: what the workers found
        # is then frozen with them (see `_settled`).
        top = int(view.scroll_y)
        bottom = top + view.scrollable_content_region.height
        for index in range(view.segment_at(top), view.segment_at(bottom) + 1):
            colours.get(index)
        view.set_statuses(colours)
        if recount:
            self.word_counts = words.counts(self.statuses)
        self._show_position(view.current)

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
            where = "back on the Arabic (p)" if view.pane != "ar" else "on an Arabic word"
            self.notify(
                f"A status is for an Arabic word: put the word cursor {where} first "
                "(left and right move it).",
                timeout=4,
            )
            return
        index = view.current
        segment = self.text.segments[index]
        start, end = view.word
        word = segment.ar[start:end]
        reading = reading_of(word, self.statuses.chosen)
        key = self._word_key(index, start, end)
        context = Context(self.text.id, self.text.title_en, segment.ar, start, end)
        before = self.statuses.status(key)
        self.statuses.set(key, status, reading.lemma, context)
        self._save_statuses()
        if self.word_keys is not None and self.word_counts is not None:
            self.word_counts = self.word_keys.recounted(self.word_counts, key, before, status)
        self._statuses_changed(recount=False)
        # The word and its lemma apart, English between them: side by side, a line read left
        # to right would show them as one right-to-left run, the lemma first.
        described = word_statuses.describe(status)
        self.notify(f"“{word}”: {described} (lemma {reading.lemma})", timeout=2, markup=False)

    def _choose_reading(self, word: str, lemma_key: str) -> None:
        """The word's status belongs to this lemma from now on, wherever the word stands: its
        keys are looked up again, then drawn and counted."""
        self.statuses.choose(word, lemma_key)
        self._save_statuses()
        # This look-up cancels one still running (the text's, or another choice's), whose
        # words never arrived: then every word is looked up again.
        running = any(
            worker.group == "statuses" and not worker.is_finished
            for worker in self.app.workers
            if worker.node is self
        )
        previous = None if running else self.word_keys
        self._resolve_words(dict(self.statuses.chosen), previous, normalize(word))
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
        segments = [
            (self.text.segments[index].ar, self.word_keys[index])
            for index in range(first, last + 1)
        ]
        self._mark_known(segments, first, last)

    @work(thread=True, group="known", description="the new words on screen")
    def _mark_known(self, segments: list[tuple[str, list[WordKey]]], first: int, last: int) -> None:
        # Their lemmas may need the lexicon, which a book opened from its cache has not read.
        found = new_words(self.statuses.status, self.text.id, self.text.title_en, segments)
        self.app.call_from_thread(self._marked_known, found, first, last)

    def _marked_known(self, found: list[tuple[str, str, Context]], first: int, last: int) -> None:
        done = mark_known(self.statuses, found)
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
