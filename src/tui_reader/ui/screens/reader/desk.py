"""The translator's desk: drafts, the English shown, checks, compare."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from tui_reader.core.drafts import DraftsError
from tui_reader.core.errors import describe_os_error
from tui_reader.core.glossary import Glossary
from tui_reader.core.qa import Issue, check_segment, english_of, unchecked
from tui_reader.core.text import Segment
from tui_reader.ui.screens.compare import CompareScreen
from tui_reader.ui.screens.draft import DraftScreen, Saved
from tui_reader.ui.screens.reader.host import Host
from tui_reader.ui.widgets.parallel import ENGLISH_MODES
from tui_reader.ui.widgets.qa_panel import ChecksPanel, describe


class DeskFeature(Host):
    """Drafts of the English, the checks panel and the compare screen."""

    def _drafts_opened(self) -> None:
        if self.drafts.damaged:
            self.notify(
                f"{self.drafts.damaged}. Your drafts in it are not shown. The file is left as it "
                "is; it is set aside (renamed, not overwritten) when you save a draft.",
                title="Drafts file damaged",
                severity="error",
                timeout=20,
                markup=False,
            )
        self._show_drafts()
        # After the first paint: a thread checking a book holds the GIL against it.
        self.call_after_refresh(self._check)

    def _desk_status(self, total: int, *, short: bool = False) -> str:
        if self._drafted is None:
            # Counted when the drafts change, not at every key: a book has thousands of
            # segments.
            self._drafted = self.drafts.drafted(segment.id for segment in self.text)
        drafted = self._drafted
        mode = self.view.english_mode
        status = ""
        # Said once there is a draft to show, or the pane shows something else than usual.
        if drafted or mode != "reference":
            shown = f"English: {mode}" if not short else {"reference": "ref"}.get(mode, mode)
            status += f" · {shown} · drafted {drafted}/{total}"
        # Before a first draft every segment is untranslated: not news.
        if self.issues and (drafted or self.qa_target == "reference"):
            issues = len(self.issues)
            status += f" · {issues} issue{'s' if issues != 1 else ''}"
        return status

    def _drafts_changed(self) -> None:
        self._drafted = None
        self._show_drafts()
        self._check()

    def _show_drafts(self) -> None:
        drafts = {segment_id: self.drafts.get(segment_id) for segment_id in self.drafts}
        view = self.view
        view.show_english(view.english_mode, drafts)

    def _check(self) -> None:
        """Check the English of `qa_target` again: only segments whose English changed are
        checked anew, so a save costs one segment."""
        if self.glossary is None:
            return
        target = self.qa_target
        if unchecked(self.text, self.drafts, target) is not None:
            # Nothing to check before a first draft: a book's thousands of "untranslated"
            # would only take memory (and a thread) at every opening.
            self._show_issues()
            return
        pairs = [(segment, english_of(segment, self.drafts, target)) for segment in self.text]
        self._run_checks(self.glossary, target, pairs)

    # Described: Textual would write out the `repr` of every segment given, at every save.
    @work(thread=True, exclusive=True, group="qa", description="the terminology check")
    def _run_checks(
        self, glossary: Glossary, target: str, pairs: list[tuple[Segment, str]]
    ) -> None:
        worker = get_current_worker()
        found: dict[tuple[str, str, str], list[Issue]] = {}
        for number, (segment, english) in enumerate(pairs):
            if number % 64 == 0 and worker.is_cancelled:
                return
            key = (target, segment.id, english)
            known = self._checked.get(key)
            found[key] = (
                known
                if known is not None
                else check_segment(segment.id, segment.ar, english, glossary)
            )
        if not worker.is_cancelled:
            self.app.call_from_thread(self._checked_now, target, found)

    def _checked_now(self, target: str, found: dict[tuple[str, str, str], list[Issue]]) -> None:
        if target != self.qa_target or not self.is_attached:
            return
        self._checked = found
        self._show_issues()
        self._settled()

    def _show_issues(self) -> None:
        why = unchecked(self.text, self.drafts, self.qa_target)
        if why is not None:
            self.issues = []
            self.query_one(ChecksPanel).show(self.qa_target, [], [], why=why)
            self._show_position(self.view.current)
            return
        ignored = self.drafts.ignored_keys(self.qa_target)
        every = [issue for issues in self._checked.values() for issue in issues]
        self.issues = [
            issue for issue in every if issue.key not in ignored.get(issue.segment_id, ())
        ]
        put_aside = [issue for issue in every if issue.key in ignored.get(issue.segment_id, ())]
        self.query_one(ChecksPanel).show(self.qa_target, self.issues, put_aside)
        self._show_position(self.view.current)

    def _save_drafts(self) -> bool:
        try:
            aside = self.drafts.save()
        except OSError as error:
            self.notify(
                f"Drafts cannot be saved: {describe_os_error(error)}. They stay here while "
                "tui-reader runs.",
                title="Drafts not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
            return False
        except DraftsError as error:
            self.notify(str(error), title="Drafts not saved", severity="error", markup=False)
            return False
        if aside is not None:
            self.notify(
                f"The damaged drafts file was kept aside as {aside}.", timeout=15, markup=False
            )
        return True

    def action_write_draft(self) -> None:
        index = self.view.current
        segment = self.text.segments[index]

        def done(saved: Saved | None) -> None:
            if saved is None:
                return
            self.drafts.put(segment.id, saved.text)
            self._save_drafts()
            self._drafts_changed()
            if saved.next and index + 1 < len(self.text):
                self.view.go_to(index + 1)
                self.action_write_draft()

        screen = DraftScreen(segment, index + 1, len(self.text), self.drafts.get(segment.id))
        self.app.push_screen(screen, done)

    def action_cycle_english(self) -> None:
        view = self.view
        mode = ENGLISH_MODES[(ENGLISH_MODES.index(view.english_mode) + 1) % len(ENGLISH_MODES)]
        view.show_english(mode, view.drafts)
        self._show_position(view.current)
        shown = {"reference": "the text's own English", "draft": "your drafts", "both": "both"}
        self.notify(f"English pane: {shown[mode]}", timeout=3)

    def action_toggle_qa(self) -> None:
        if self.glossary is None:
            self.notify("No glossary is loaded: there is nothing to check.", severity="warning")
            return
        self._toggle_panel(self.query_one(ChecksPanel), "#qa-list")

    def on_checks_panel_target_switched(self, message: ChecksPanel.TargetSwitched) -> None:
        self.qa_target = "reference" if self.qa_target == "draft" else "draft"
        self._check()

    def on_checks_panel_ignore_requested(self, message: ChecksPanel.IgnoreRequested) -> None:
        issue = message.issue
        ignored = issue.key in self.drafts.ignored_keys(self.qa_target).get(issue.segment_id, ())
        self.drafts.ignore(self.qa_target, issue.segment_id, issue.key, on=not ignored)
        if self._save_drafts():
            self._show_issues()

    def on_checks_panel_issue_chosen(self, message: ChecksPanel.IssueChosen) -> None:
        issue = message.issue
        view = self.view
        index = self.text.index_of(issue.segment_id)
        # The English that was checked is the one to fix: shown (alone, where the issue has a
        # place in it, which is an offset into that English).
        shown = view.english_mode == self.qa_target or (
            view.english_mode == "both" and issue.en_span is None
        )
        if not shown:
            view.show_english(self.qa_target, view.drafts)
            # Said on the status line, even when the issue is in the segment already current.
            self._show_position(view.current)
        view.go_to(index)
        view.focus_span = (index, *issue.ar_span) if issue.ar_span else None
        view.anchor_word = None
        if issue.en_span is not None:
            view.pane, view.word = "en", issue.en_span
        else:
            view.word = None
        view.focus()
        self.notify(describe(issue), timeout=5, markup=False)

    def action_compare(self) -> None:
        index = self.view.current
        segment = self.text.segments[index]
        if not self.drafts.get(segment.id):
            self.notify(f"No draft of segment {index + 1} to compare: w writes one.", timeout=4)
            return
        if not segment.en.strip():
            self.notify(
                f"Segment {index + 1} has no English of its own to compare your draft with.",
                timeout=4,
            )
            return
        self.app.push_screen(CompareScreen(segment, index + 1, self.drafts.get(segment.id)))
