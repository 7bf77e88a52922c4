from tui_reader.cli import run

run()
