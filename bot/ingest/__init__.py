"""Import: what editors receive (a transcript, subtitles, a saved page, a Word file, a PDF, a post,
an email, printed pages…) read into the interview file format that ``bot.library`` holds.

The entry point is ``import_one(path, interview_id="", limits=None, taken=()) -> Imported``;
``import_interviews`` reads a file that holds several.
"""

from bot.ingest.importer import Imported, import_file, import_interviews, import_one

__all__ = ["Imported", "import_file", "import_interviews", "import_one"]
