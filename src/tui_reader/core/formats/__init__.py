"""The exchange formats, one module each: TBX, CSV and Anki for the glossary, TMX and XLIFF for
a text. A builder takes data (a glossary, a text and its notes) and returns the file's content
(`str`, `bytes`, or an `XmlExport` for the XML formats); a reader takes a file's bytes and its
name (for messages only) and returns what it holds. None of them writes a file:
`core.exchange` is the one place that does.
"""
