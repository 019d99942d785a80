"""One module per form editors receive; each reads a source into drafts (``bot.ingest.draft``)."""
