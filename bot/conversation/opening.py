"""Decide whether a first message already describes the problem or is only a greeting."""

from __future__ import annotations

from bot.text import fold

# Words that carry no description of a problem: greetings, politeness, calls for help.
_FILLER = frozenset(
    """
    bonjour bonsoir salut coucou hello hi hey yo allo bjr slt cc re
    merci svp stp please thanks thank you plz pls
    aide aidez aider help helpme besoin need needed urgent question probleme problem souci issue
    j'ai i have un une a an de d' du des the le la les l' moi me my mon ma please
    ok oui yes non no est c'est is there quelqu'un someone anyone support assistance
    """.split()
)


def describes_a_problem(text: str) -> bool:
    """True when the message says something beyond "hello" or "I need help"."""
    words = fold(text).split()
    content = [w for w in words if w not in _FILLER and len(w) > 1]
    return len(content) >= 2 or (len(content) == 1 and len(content[0]) >= 6 and len(words) >= 2)
