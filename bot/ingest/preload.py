"""Loaded once by the import workers' fork server (``bot.ingest.limits``): the readers and the
lexicons they use, so each file's worker starts warm instead of spending 0.6 s loading them."""

from __future__ import annotations

import docx  # noqa: F401
import lxml.html  # noqa: F401
import pdfplumber  # noqa: F401

import bot.ingest.pdf
import bot.ingest.webpage  # noqa: F401
from bot.analysis.cache import load_lexicon
from bot.ingest.repair import zwnj_words

load_lexicon()
zwnj_words()
