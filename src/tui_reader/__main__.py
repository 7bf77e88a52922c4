from tui_reader.cli import main

main(prog_name="tui-reader")
