"""Import: what editors receive (a transcript, a saved page, a Word file, a PDF, a post…) read into
the interview file format that ``bot.library`` holds."""
