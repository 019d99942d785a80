"""Every user-facing string of the bot, in Persian (the interface language) and English.

Readers whose Telegram language is English get English labels; everyone else Persian, as the
command menus (``handlers.onboarding``) have it. Passages stay Persian.
"""

from __future__ import annotations

from html import escape
from typing import Literal

Language = Literal["fa", "en"]

TEXTS: dict[Language, dict[str, str]] = {
    "fa": {
        "welcome": (
            "سلام! من پاسخ پرسش‌های شما را از متن گفت‌وگوها پیدا می‌کنم.\n\n{library}\n\n{can}\n\n"
            "پرسشتان را بنویسید یا یکی از این‌ها را بزنید:"
        ),
        "library_one": "گفت‌وگوی {title} با {interviewee} را می‌شناسم.",
        "library_many": "{count} گفت‌وگو را می‌شناسم:",
        "library_item": "• {title} — {interviewee}",
        "library_more": "… و {count} گفت‌وگوی دیگر (/interviews)",
        "can": (
            "بعد از هر پاسخ «ادامه» یا «کامل» بنویسید تا بقیهٔ پاسخ را بفرستم؛ فینگلیش هم می‌فهمم"
            " (be koja safar kardid?)؛ و اگر پرسشتان را در پاسخ به یکی از پاسخ‌ها بنویسید، فقط در همان"
            " گفت‌وگو می‌گردم."
        ),
        "help": (
            "هر پرسشی دربارهٔ گفت‌وگو بنویسید؛ بخشی از متن را که پاسخ آن است با پرسش مصاحبه‌گر و نام گوینده"
            " می‌فرستم.\n\n{library}\n\n{can}\n\n"
            "/questions پرسش‌های گفت‌وگو\n/interviews فهرست گفت‌وگوها\n/random یک نقل‌قول\n"
            "/card تصویر نقل‌قول (در پاسخ به یک پاسخ)\n/about دربارهٔ گفت‌وگو\n\n"
            "در گروه‌ها: /ask و پرسش، یا نام من را بیاورید. در هر گفت‌وگویی: @{bot} و چند واژه."
        ),
        "no_answer": "پاسخی برای این پرسش در گفت‌وگو پیدا نشد. شاید یکی از این‌ها:",
        "no_answer_plain": "پاسخی برای این پرسش در گفت‌وگو پیدا نشد.",
        "empty_question": "پرسشتان را بعد از /ask بنویسید، مثلاً: /ask به کدام کشورها سفر کردید؟",
        "lead": "پیش‌درآمد گفت‌وگو",
        "question": "پرسش",
        "truncated": "(متن منبع در همین‌جا قطع شده است)",
        "next": "پاسخ بعدی ◀",
        "previous": "▶ پاسخ قبلی",
        "full": "پاسخ کامل",
        "share": "اشتراک",
        "card": "تصویر نقل‌قول",
        "quote_card": "تصویر همین جمله",
        "interviews": "گفت‌وگوها:",
        "interview_chosen": (
            "{title} با {interviewee}\nپرسشتان را در پاسخ به همین پیام بنویسید تا فقط در این گفت‌وگو بگردم."
        ),
        "reloaded": "نمایه دوباره ساخته شد: {passages} بخش از {interviews} گفت‌وگو.",
        "reload_failed": "نمایهٔ تازه ساخته نشد و نمایهٔ قبلی همچنان کار می‌کند:\n{error}",
        "stats": (
            "پرسش‌های {days} روز گذشته: {total} از {askers} نفر؛ بی‌پاسخ:"
            " {unanswered} ({rate})\n\n{per_day}\n\nپرتکرارترین پرسش‌های بی‌پاسخ:\n{top}"
        ),
        "stats_private": "(متن پرسش‌ها فقط در گفت‌وگوی خصوصی با ربات نشان داده می‌شود)",
        "stats_away": (
            "پایگاه دادهٔ آمار الان در دسترس نیست؛ {waiting} پرسش در حافظه منتظر ثبت است."
            " کمی بعد دوباره /stats بفرستید."
        ),
        "card_how": (
            "برای تصویر یک بخش، دکمهٔ «تصویر نقل‌قول» زیر پاسخ را بزنید یا /card را در پاسخ به آن بفرستید."
        ),
        "link": "پیوند این بخش",
        "questions": "پرسش‌های گفت‌وگو:",
        "about": "{title}\nگفت‌وگو با {interviewee}{role}\n{details}",
        "not_text": "من فقط متن را می‌فهمم: پرسشتان را بنویسید.",
        "gone": "این بخش دیگر در دسترس نیست.",
        "expired": "پرسش اصلی پیدا نشد؛ لطفاً دوباره بپرسید.",
        "no_more": "پاسخ دیگری نیست.",
        "slow_down": "کمی آهسته‌تر لطفاً؛ چند ثانیهٔ دیگر دوباره بپرسید.",
        "tentative": "پاسخ دقیقی پیدا نکردم؛ نزدیک‌ترین بخش:",
        "alternatives": "شاید منظورتان یکی از این‌ها بود:",
        "not_this": "این نبود",
        "this_one": "👍",
        "thanks_judged": "ممنون! این کمک می‌کند پاسخ‌ها بهتر شوند.",
        "stats_refused": "پرسش‌هایی که پاسخشان بیشتر «این نبود» خورد:\n{top}",
        "all_questions": "همهٔ پرسش‌های گفت‌وگو",
        "many_at_once": (
            "این‌جا پرسش‌های زیادی با هم رسیده است و پاسخ‌ها دیر می‌رسند؛ در گفت‌وگوی خصوصی از من بپرسید: @{bot}"
        ),
        "error": "متأسفم، مشکلی پیش آمد. لطفاً دوباره امتحان کنید.",
        "inline_featured": "نقل‌قول برگزیده",
        "interviewer": "مصاحبه‌گر",
        "source": "منبع",
        "note": "یادداشت",
        "cmd_start": "شروع",
        "cmd_help": "راهنما",
        "cmd_questions": "پرسش‌های گفت‌وگو",
        "cmd_random": "یک نقل‌قول تصادفی",
        "cmd_about": "دربارهٔ گفت‌وگو",
        "cmd_ask": "پرسیدن در گروه",
        "cmd_card": "تصویر نقل‌قول یک پاسخ",
        "cmd_interviews": "فهرست گفت‌وگوها",
        "cmd_privacy": "چه چیزی نگه می‌دارم",
        "cmd_stats": "آمار پرسش‌ها (مدیر)",
        "cmd_reload": "ساختن دوبارهٔ نمایه (مدیر)",
        # Telegram's own onboarding: the empty chat's «این ربات چه کاری می‌کند؟» and the profile.
        "description": (
            "پاسخ پرسش‌هایتان را از متن گفت‌وگوهای منتشرشده، با همان کلمات گوینده پیدا می‌کنم: پرسش را"
            " بنویسید تا بخشی از گفت‌وگو را که پاسخ آن است، با پرسش مصاحبه‌گر و نام گوینده بفرستم."
            " در گروه‌ها با /ask یا نام من بپرسید. /privacy می‌گوید چه چیزی نگه می‌دارم."
        ),
        "short_description": "پاسخ پرسش‌ها از متن گفت‌وگوها، با همان کلمات گوینده.",
        "privacy": (
            "چه چیزی نگه می‌دارم و تا کی:\n\n"
            "• برای هر پرسش: زمان، شناسهٔ درهم‌شدهٔ شما با نمک (هرگز شناسهٔ تلگرام شما)، گفت‌وگویی که پاسخ از"
            " آن بود، و این‌که پاسخی پیدا شد یا نه. متن پرسش فقط وقتی نگه داشته می‌شود که پاسخی پیدا نشد، تا"
            " ویراستار بداند چه چیزی کم است. این‌ها پس از {days} روز پاک می‌شوند.\n"
            "• در حافظهٔ ربات (نه روی دیسک): پرسش‌های اخیر و پاسخ‌شان، تا اگر پرسش را ویرایش کردید پاسخ هم"
            " به‌روز شود، و شمار پرسش‌های یک دقیقهٔ اخیر برای سهمیه (وقتی چند نسخه از ربات با هم کار می‌کنند،"
            " این شمار با شناسهٔ درهم‌شده دو دقیقه در پایگاه دادهٔ مشترک می‌ماند)؛ با هر بار راه‌اندازی دوباره"
            " پاک می‌شوند.\n"
            "• در گزارش کار ربات: نوع هر پیام، زمان پاسخ و شناسهٔ درهم‌شدهٔ گفت‌وگو؛ متن پیام نه، مگر مدیر"
            " ربات برای عیب‌یابی گزارش کامل را روشن کند.\n\n"
            "نام، شماره، عکس یا پیام‌های شما به کسی داده نمی‌شود. آمار فقط برای مدیر ربات است."
        ),
        # small talk (bot/conversation/smalltalk.py; the phrases are in config/smalltalk.txt)
        "talk_greeting": "سلام! 👋 من پاسخ پرسش‌هایتان را از متن گفت‌وگوها پیدا می‌کنم. بپرسید، مثلاً:",
        "talk_thanks": "خواهش می‌کنم! 🌷 اگر پرسش دیگری دارید بنویسید، مثلاً:",
        "talk_farewell": "خدانگهدار! 👋 هر وقت پرسشی داشتید، همین‌جا بنویسید.",
        "talk_who": (
            "من رباتی هستم که گفت‌وگوها را خوانده‌ام: پاسخ هر پرسش را با همان کلمات گوینده از متن پیدا"
            " می‌کنم. بپرسید، مثلاً:"
        ),
        "talk_what": (
            "پرسشتان را دربارهٔ گفت‌وگو بنویسید (فارسی یا فینگلیش)؛ بخشی از متن را که پاسخ آن است، با پرسش"
            " مصاحبه‌گر و نام گوینده می‌فرستم. مثلاً:"
        ),
        "talk_help": (
            "پرسشتان را همان‌طور که به یک دوست می‌گویید بنویسید؛ پاسخ را از متن گفت‌وگو می‌آورم. بعد از هر"
            " پاسخ «ادامه» یا «کامل» بنویسید. /help همهٔ فرمان‌ها. مثلاً:"
        ),
        "talk_praise": "ممنونم! 😊 پرسش بعدی؟ مثلاً:",
        "talk_insult": "متأسفم که پاسخ به کارتان نیامد. با کلمات دیگری بپرسید، یا یکی از این‌ها را بزنید:",
        "talk_ack": "👍 هر پرسشی دربارهٔ گفت‌وگو دارید بنویسید، مثلاً:",
        "follow_nothing": "اول پرسشی بپرسید؛ بعد از پاسخ، «ادامه»، «قبلی» یا «کامل» بنویسید.",
        "follow_end": "پاسخ همین‌جا تمام می‌شود. پرسش دیگری؟",
        "follow_start": "این آغاز پاسخ است.",
        # questions about the interview itself (bot/conversation/meta.py)
        "meta_interviewee": "این گفت‌وگو با {interviewee}{role} است.",
        "meta_interviewer": "مصاحبه‌گر: {interviewer}",
        "meta_no_interviewer": "نام مصاحبه‌گر در متن گفت‌وگو نیامده است.",
        "meta_published": "منبع: {source}",
        "meta_date": "تاریخ: {date}",
        "meta_not_published": "منبع و تاریخ انتشار در متن گفت‌وگو نیامده است.",
        "meta_count": "{count} پرسش دارد:",
        "meta_complete": "متن کامل است: {count} پرسش و پاسخ.",
        "meta_incomplete": "متن کامل نیست. {note}",
        "meta_which": "دربارهٔ کدام گفت‌وگو؟ در پاسخ به یکی از پاسخ‌ها بپرسید، یا از این فهرست:",
        # editors sending interview files (handlers/editor.py, bot/present/editing.py)
        "editor_only": "فقط ویراستاران ربات می‌توانند گفت‌وگو بیفزایند؛ پرسشتان را بنویسید.",
        "upload_too_big": "این پرونده {size} بایت است و بیشترین اندازه {limit} بایت ({where}).",
        "upload_refused": "این پرونده وارد نشد: {error}",
        "download_limit": "حد تلگرام برای پرونده‌هایی که ربات می‌گیرد",
        "upload_unreachable": "پرونده از تلگرام گرفته نشد: {error}",
        "draft_head": "پیش‌نویس از «{source}» ({form})\nعنوان: {title}\nگفت‌وگو با: {interviewee}\nشناسه: {id}",
        "draft_questions": "{count} پرسش:",
        "draft_warnings": "{count} هشدار:",
        "draft_more": "… و {count} مورد دیگر",
        "draft_no_warnings": "بی‌هشدار.",
        "draft_ask": "منتشر شود؟",
        "publish": "انتشار",
        "discard": "کنار گذاشتن",
        "draft_published": "«{title}» منتشر شد؛ کتابخانه اکنون {passages} بخش از {interviews} گفت‌وگو دارد.",
        "draft_published_shared": "«{title}» منتشر شد (نسخهٔ {version})؛ همهٔ نمونه‌های ربات آن را می‌گیرند.",
        "draft_discarded": "پیش‌نویس «{title}» کنار گذاشته شد.",
        "draft_gone": "این پیش‌نویس دیگر نیست (منتشر یا کنار گذاشته شده یا کهنه شده است).",
        "publish_failed": "منتشر نشد و کتابخانه همان است که بود:\n{error}",
        "publish_away": (
            "پایگاه دادهٔ مشترک در دسترس نیست و چیزی منتشر نشد؛ پیش‌نویس مانده است:"
            " کمی بعد دوباره «انتشار» را بزنید."
        ),
    },
    "en": {
        "welcome": (
            "Hello! I find the answers to your questions in the interviews' own words.\n\n{library}\n\n{can}"
            "\n\nWrite a question (in Persian), or tap one:"
        ),
        "library_one": "I know {title}, an interview with {interviewee}.",
        "library_many": "I know {count} interviews:",
        "library_item": "• {title} — {interviewee}",
        "library_more": "… and {count} more (/interviews)",
        "can": (
            "After an answer, write «ادامه» (more) or «کامل» (full) for the rest of it; Persian in Latin"
            " letters works too (be koja safar kardid?); and a question written in reply to an answer"
            " searches that interview only."
        ),
        "help": (
            "Write any question about the interview; I send the passage that answers it, with the"
            " interviewer's question and the speaker.\n\n{library}\n\n{can}\n\n"
            "/questions the interview's questions\n/interviews the interviews\n/random a quote\n"
            "/card a quote card (in reply to an answer)\n/about the interview\n\n"
            "In groups: /ask and your question, or mention me. In any chat: @{bot} and a few words."
        ),
        "no_answer": "The interview does not answer that. Perhaps one of these:",
        "no_answer_plain": "The interview does not answer that.",
        "empty_question": "Write your question after /ask, e.g. /ask به کدام کشورها سفر کردید؟",
        "lead": "The interview's lead",
        "question": "Question",
        "truncated": "(the source breaks off here)",
        "next": "Next answer ▶",
        "previous": "◀ Previous",
        "full": "Full answer",
        "share": "Share",
        "card": "Quote card",
        "quote_card": "Card of this sentence",
        "interviews": "Interviews:",
        "interview_chosen": (
            "{title} with {interviewee}\nReply to this"
            " message with your question to search this interview only."
        ),
        "reloaded": "Index rebuilt: {passages} passages from {interviews} interviews.",
        "reload_failed": "The new index was not built; the old one keeps serving:\n{error}",
        "stats": (
            "Questions in the last {days} days: {total} from {askers} people;"
            " unanswered: {unanswered} ({rate})\n\n{per_day}\n\nMost frequent unanswered:\n{top}"
        ),
        "stats_private": "(the questions' words are shown only in a private chat with the bot)",
        "stats_away": (
            "The stats database cannot be reached now; {waiting} questions wait in memory."
            " Send /stats again in a while."
        ),
        "card_how": (
            "For a passage as an image, tap «Quote card» under an answer or send /card in reply to it."
        ),
        "link": "Link to this passage",
        "questions": "The interview's questions:",
        "about": "{title}\nAn interview with {interviewee}{role}\n{details}",
        "not_text": "I only understand text: please write your question.",
        "gone": "This passage is no longer available.",
        "expired": "I cannot find the original question; please ask again.",
        "no_more": "No other answer.",
        "slow_down": "A little slower, please: ask again in a few seconds.",
        "tentative": "I found no exact answer; the closest part:",
        "alternatives": "Or perhaps one of these:",
        "not_this": "Not this",
        "this_one": "👍",
        "thanks_judged": "Thank you! This helps the answers get better.",
        "stats_refused": "Questions whose answers were most often refused («Not this»):\n{top}",
        "all_questions": "All the interview's questions",
        "many_at_once": (
            "Many questions at once here, and the answers would come late: ask me in private: @{bot}"
        ),
        "error": "Sorry, something went wrong. Please try again.",
        "inline_featured": "Featured quote",
        "interviewer": "Interviewer",
        "source": "Source",
        "note": "Note",
        "cmd_start": "Start",
        "cmd_help": "Help",
        "cmd_questions": "The interview's questions",
        "cmd_random": "A random quote",
        "cmd_about": "About the interview",
        "cmd_ask": "Ask in a group",
        "cmd_card": "A passage as a quote card",
        "cmd_interviews": "The interviews",
        "cmd_privacy": "What I keep",
        "cmd_stats": "Question stats (admin)",
        "cmd_reload": "Rebuild the index (admin)",
        "description": (
            "I answer your questions from published Persian interviews, in the speaker's own words: write"
            " a question and I send the part of the interview that answers it, with the interviewer's"
            " question and the speaker. In groups, ask with /ask or mention me. /privacy says what I keep."
        ),
        "short_description": "Answers from Persian interviews, in the speaker's own words.",
        "privacy": (
            "What I keep, and for how long:\n\n"
            "• For each question: its time, a salted hash of you (never your Telegram id), the interview"
            " the answer came from, and whether one was found. The question's text is kept only when"
            " nothing answered it, so the editor knows what is missing. All of it is deleted after"
            " {days} days.\n"
            "• In the bot's memory (not on disk): recent questions and their answers, so that editing a"
            " question updates its answer, and the count of the last minute's questions for the quota"
            " (when several copies of the bot run together, that count, under the hash, stays two minutes"
            " in their shared database); gone at every restart.\n"
            "• In the bot's log: each message's kind, the time to answer and a hash of the chat; not its"
            " text, unless the bot's admin turns on full logging to find a fault.\n\n"
            "Your name, number, picture or messages are given to no one. The stats are for the bot's"
            " admin only."
        ),
        "talk_greeting": "Hello! 👋 I find the answers to your questions in the interviews' own words. E.g.:",
        "talk_thanks": "You're welcome! 🌷 Any other question? For example:",
        "talk_farewell": "Goodbye! 👋 Write here whenever you have a question.",
        "talk_who": (
            "I am a bot that has read the interviews: I answer each question with the speaker's own words"
            " from the text. Ask, e.g.:"
        ),
        "talk_what": (
            "Write a question about the interview (in Persian, or Persian in Latin letters); I send the part"
            " of the text that answers it, with the interviewer's question and the speaker. For example:"
        ),
        "talk_help": (
            "Write your question as you would to a friend; I answer from the interview's text. After an"
            " answer, write «more» or «full». /help lists the commands. For example:"
        ),
        "talk_praise": "Thank you! 😊 Next question? For example:",
        "talk_insult": "Sorry that answer did not help. Try other words, or tap one of these:",
        "talk_ack": "👍 Write any question about the interview, e.g.:",
        "follow_nothing": "Ask a question first; after an answer, write «more», «previous» or «full».",
        "follow_end": "The answer ends here. Another question?",
        "follow_start": "This is where the answer starts.",
        "meta_interviewee": "This interview is with {interviewee}{role}.",
        "meta_interviewer": "Interviewer: {interviewer}",
        "meta_no_interviewer": "The interview does not name its interviewer.",
        "meta_published": "Source: {source}",
        "meta_date": "Date: {date}",
        "meta_not_published": "The interview does not say where or when it appeared.",
        "meta_count": "has {count} questions:",
        "meta_complete": "The text is complete: {count} questions and answers.",
        "meta_incomplete": "The text is not complete. {note}",
        "meta_which": "Which interview? Ask in reply to one of its answers, or pick one:",
        "english_found": (
            "The interviews are in Persian, and I search them in Persian. From your question I searched"
            " for {names}; the closest part:"
        ),
        "english_nothing": (
            "The interviews are in Persian, and I search them in Persian: please ask in Persian (or in"
            " Persian written in Latin letters, e.g. «be koja safar kardid?»). Some of their questions:"
        ),
        "editor_only": "Only the bot's editors can add interviews; please write your question as text.",
        "upload_too_big": "The file is {size} bytes; the limit is {limit} ({where}).",
        "upload_refused": "Not imported: {error}",
        "download_limit": "Telegram's limit for files a bot downloads",
        "upload_unreachable": "Could not get the file from Telegram: {error}",
        "draft_head": "Draft from «{source}» ({form})\nTitle: {title}\nInterviewee: {interviewee}\nId: {id}",
        "draft_questions": "{count} questions:",
        "draft_warnings": "{count} warnings:",
        "draft_more": "… and {count} more",
        "draft_no_warnings": "No warnings.",
        "draft_ask": "Publish it?",
        "publish": "Publish",
        "discard": "Discard",
        "draft_published": (
            "«{title}» is published; the library has {passages} passages from {interviews} interviews."
        ),
        "draft_published_shared": (
            "«{title}» is published (version {version}); every replica of the bot takes it in."
        ),
        "draft_discarded": "The draft «{title}» is discarded.",
        "draft_gone": "This draft is gone (published, discarded or expired).",
        "publish_failed": "Not published; the library is as it was:\n{error}",
        "publish_away": (
            "The shared database cannot be reached, so nothing was published; the draft is kept: press"
            " Publish again in a while."
        ),
    },
}


_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def quoted(title: str) -> str:
    """A title in «», never ««…»»: one already quoted whole (10 of the 20 development interviews'
    titles are), or starting or ending with a quoted name («باغ نارنج» را …), is shown as it is."""
    title = title.strip()
    if title.startswith("«") or title.endswith("»"):
        return title
    return f"«{title}»"


def attribution(speaker: str, title: str = "") -> str:
    """Who said it and where, under every passage the bot shows (plain text): «— speaker، «title»»."""
    who = f"— {speaker}" if speaker else "—"
    return f"{who}، {quoted(title)}" if title else who


def attribution_html(speaker: str, title: str = "") -> str:
    return escape(attribution(speaker, title), quote=False)


def language(code: str | None, setting: str = "auto") -> Language:
    """The interface language: the operator's choice, or by the user's Telegram language.

    With ``auto``, English for readers whose Telegram is in English (``en``, ``en-GB``…), Persian
    for everyone else: the command menus are Persian by default and English for ``en``, and the
    replies agree with the menu a reader sees (the passages they ask for are Persian anyway).
    """
    if setting in ("fa", "en"):
        return "fa" if setting == "fa" else "en"
    if code and code.lower().split("-")[0] == "en":
        return "en"
    return "fa"


def text(lang: Language, key: str, **values: str) -> str:
    return TEXTS[lang][key].format(**values) if values else TEXTS[lang][key]


def html(lang: Language, key: str, **values: str) -> str:
    """``text``, escaped for a message sent as HTML (values may hold a title or a user's words)."""
    return escape(text(lang, key, **values), quote=False)
