"""Deciding the reply to one message: read it, then answer it by its kind (``bot.reply``).

The only place that knows the order: small talk and follow-ups first (never throttled: they
search nothing), then the quota, then a question about the interview, an English question, and
a search whose first passage is shown alone or with alternatives (``bot.reply.decide``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from bot.conversation import FOLLOW_UPS, AboutInterview, Kind, Said
from bot.reply import AboutIt, Answer, English, FollowUp, Nothing, Reply, Scope, SmallTalk, Throttled
from bot.reply.decide import alternatives, others
from bot.search.searcher import Hit

if TYPE_CHECKING:
    from bot.service import Library

CANDIDATES = 8  # passages searched: the first, and enough others for two from other answers
TALK_EXAMPLES = 2


async def respond(
    library: Library, text: str, scope: Scope, allowed: Callable[[], Awaitable[bool]] | None = None
) -> Reply:
    """The reply to ``text``. ``allowed`` is asked once, only before a search (the quota)."""
    reading = library.read(text)
    if isinstance(reading, Said) and reading.kind not in FOLLOW_UPS:
        examples = () if reading.kind is Kind.FAREWELL else await library.interviews()
        return SmallTalk(reading.kind, reading.english, examples)
    if isinstance(reading, Said):
        return await follow_up(library, reading.kind, scope)
    if allowed is not None and not await allowed():
        return Throttled()
    interview = scope.interview
    if interview is None and scope.replied_passage is not None:
        replied = await library.passage(scope.replied_passage)
        interview = replied.interview if replied else None
    if isinstance(reading, AboutInterview):
        return await about(library, reading, interview)
    if library.reads_english(text):
        names = tuple(await library.latin_names(text))
        hits = await library.search(text, limit=1, interview=interview) if names else []
        return English(names, hits[0] if hits else None, interview, await library.interviews())
    hits = await library.search(text, limit=CANDIDATES, interview=interview)
    if not hits:
        return Nothing(await library.interviews(), interview)
    settings = library.reply_settings
    sure, shown = alternatives(hits, settings.sure_above, settings.alternatives)
    return Answer(hits[0], sure, shown, len(hits) > 1, interview)


async def follow_up(library: Library, kind: Kind, scope: Scope) -> FollowUp:
    """«ادامه» / «قبلی» / «کامل»: of the answer replied to, or the chat's last one."""
    passage_id = scope.replied_passage if scope.replied_to_bot else None
    passage_id = passage_id or scope.last_passage
    passage = await library.passage(passage_id) if passage_id else None
    if passage is None:
        return FollowUp(kind, missing="nothing")
    answer = await library.answer(passage.interview, passage.segment)
    if kind is Kind.FULL:
        return FollowUp(kind, tuple(answer))
    step = 1 if kind is Kind.NEXT else -1
    at = next((i for i, p in enumerate(answer) if p.id == passage.id), None)
    if at is not None and 0 <= at + step < len(answer):
        return FollowUp(kind, (answer[at + step],))
    return FollowUp(kind, missing="end" if step == 1 else "start", examples=await library.interviews())


async def about(library: Library, reading: AboutInterview, interview: str | None) -> AboutIt:
    """Who, by whom, what about, where and when: of the interview asked about, or each one's."""
    interviews = await library.interviews()
    chosen = next((i for i in interviews if i.id == interview), None)
    if chosen is None and len(interviews) == 1:
        chosen = interviews[0]
    lead = await library.answer(chosen.id, 0) if chosen is not None else []
    return AboutIt(reading.field, chosen, interviews, lead[0].text if lead else "")


async def reconsider(
    library: Library, question: str, passage_id: str, scoped: bool, refused: bool
) -> Answer | None:
    """A reader's verdict on a passage shown for ``question`` (searched within the passage's
    interview if ``scoped``): ``refused`` («این نبود»), the candidate of the next other answer;
    else (an alternative opened) that passage, with the other answers' candidates as its
    alternatives. None when there is no such candidate."""
    interview = None
    if scoped:
        passage = await library.passage(passage_id)
        if passage is None:
            return None
        interview = passage.interview
    hits = await library.search(question, limit=CANDIDATES, interview=interview)
    chosen = next((h for h in hits if h.passage.id == passage_id), None)
    if chosen is None:
        return None
    most = library.reply_settings.alternatives
    ranked = [hits[0], *others(hits)]
    if refused:
        where = (chosen.passage.interview, chosen.passage.segment)
        at = next(i for i, h in enumerate(ranked) if (h.passage.interview, h.passage.segment) == where)
        if at + 1 >= len(ranked):
            return None
        shown = ranked[at + 1]
        rest = ranked[at + 2 :]
    else:
        shown = chosen
        rest = [h for h in ranked if not same_answer(h, chosen)]
    return Answer(shown, 0.0, tuple(rest[:most]), False, interview)


def same_answer(one: Hit, other: Hit) -> bool:
    return (one.passage.interview, one.passage.segment) == (other.passage.interview, other.passage.segment)
