"""Presentation, as pure functions: answers as HTML and plain text (``render``), quote cards
(``card``), and every user-facing string in Persian and English (``messages``)."""
