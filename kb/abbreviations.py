"""Chat abbreviations, expanded in messages before searching.

Users type "mdp" or "pwd"; articles say "mot de passe" and "password". These are shorthand of
the languages, not of any product or domain. Truncated words ("appli", "synchro") need no
entry: unknown words are completed from the knowledge base's own vocabulary (kb.query).
"""

from __future__ import annotations

FRENCH = {
    "mdp": "mot de passe", "pj": "piece jointe", "pjs": "pieces jointes", "rdv": "rendez vous",
    "pb": "probleme", "pbs": "problemes", "pbm": "probleme", "bcp": "beaucoup", "pk": "pourquoi",
    "pq": "pourquoi", "qd": "quand", "tt": "tout", "tjrs": "toujours", "tjs": "toujours",
    "msg": "message", "mtn": "maintenant", "jsp": "je sais pas", "ordi": "ordinateur",
    "tel": "telephone", "dc": "donc", "ds": "dans", "qqn": "quelqu un",
    "qqch": "quelque chose", "nvx": "nouveaux", "nv": "nouveau", "cmt": "comment", "cad": "c est a dire",
}

ENGLISH = {
    "pwd": "password", "pw": "password", "acct": "account", "msg": "message", "u": "you",
    "ur": "your", "r": "are", "cant": "can not", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "wont": "will not", "isnt": "is not", "im": "i am", "ive": "i have",
    "asap": "as soon as possible", "b4": "before", "pls": "please", "thx": "thanks",
}


def expand(words: list[str], lang: str | None) -> list[str]:
    """Folded words with known abbreviations replaced by what they stand for."""
    tables = [FRENCH] if lang == "fr" else [ENGLISH] if lang == "en" else [FRENCH, ENGLISH]
    out: list[str] = []
    for word in words:
        for table in tables:
            if word in table:
                out.extend(table[word].split())
                break
        else:
            out.append(word)
    return out
