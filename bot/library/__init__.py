"""The library: the interview format (``interview``), its ``passages``, the ``corpus`` of files,
and the ``importer`` that turns what editors receive into interview files."""
