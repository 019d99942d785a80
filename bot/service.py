"""The library as the bot serves it: one facade over the searcher and its open index.

The Telegram handlers and the command line call this, never the index: what they may ask of the
library is the list below, and a reload swaps the index under all of it at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.analysis.analyzer import Analyzer
from bot.conversation import AboutInterview, Conversation, Said
from bot.library.interview import InterviewInfo
from bot.library.passages import Passage
from bot.reply import Answer, Reply, Scope
from bot.reply.respond import reconsider, respond
from bot.search.searcher import Hit, Searcher
from bot.settings import ReplySettings, Settings


class Library:
    def __init__(
        self, searcher: Searcher, conversation: Conversation, reply_settings: ReplySettings | None = None
    ) -> None:
        self.searcher = searcher
        self.conversation = conversation
        self.reply_settings = reply_settings or ReplySettings()

    @classmethod
    async def open(cls, index_path: Path, settings: Settings, analyzer: Analyzer | None = None) -> Library:
        searcher = await Searcher.open(index_path, settings, analyzer)
        return cls(searcher, Conversation.load(settings.smalltalk_path, searcher.analyzer), settings.reply)

    async def respond(
        self, text: str, scope: Scope | None = None, allowed: Callable[[], Awaitable[bool]] | None = None
    ) -> Reply:
        """The one reply to a message (``bot.reply``); ``allowed`` (the quota) is asked before a search."""
        return await respond(self, text, scope or Scope(), allowed)

    async def reconsider(self, question: str, passage_id: str, scoped: bool, refused: bool) -> Answer | None:
        """A reader's verdict on a shown passage: the next candidate (refused) or that one, opened."""
        return await reconsider(self, question, passage_id, scoped, refused)

    def read(self, message: str) -> Said | AboutInterview | None:
        """Small talk, a follow-up or a question about the interview; None for a question to search."""
        return self.conversation.read(message)

    @property
    def analyzer(self) -> Analyzer:
        return self.searcher.analyzer

    @property
    def size(self) -> int:
        """How many passages the library holds."""
        return self.searcher.index.size

    async def search(
        self, question: str, limit: int | None = None, interview: str | None = None
    ) -> list[Hit]:
        return await self.searcher.search(question, limit=limit, interview=interview)

    def reads_english(self, question: str) -> bool:
        return self.searcher.reads_english(question)

    async def latin_names(self, question: str) -> list[tuple[str, str]]:
        return await self.searcher.latin_names(question)

    async def passage(self, passage_id: str) -> Passage | None:
        return await self.searcher.index.passage(passage_id)

    async def answer(self, interview: str, segment: int) -> list[Passage]:
        """Every passage of one answer (or of the lead, segment 0), in order."""
        return await self.searcher.index.segment(interview, segment)

    async def random_passage(self) -> Passage | None:
        return await self.searcher.index.random_passage()

    async def featured(self, offset: int, limit: int) -> list[Passage]:
        return await self.searcher.index.featured(offset, limit)

    async def interviews(self) -> tuple[InterviewInfo, ...]:
        return await self.searcher.index.interviews()

    async def interview(self, interview_id: str) -> InterviewInfo | None:
        return await self.searcher.index.interview(interview_id)

    async def reload(self, index_path: Path) -> None:
        await self.searcher.reload(index_path)

    async def close(self) -> None:
        await self.searcher.close()
