"""Search text: Chinese as written plus full pinyin and pinyin initials.

A name is stored with its pinyin forms so that `huoyingtao`, `hyt` and 火樱桃 all find
山亭火樱桃 with a plain substring match — which PostgreSQL serves from a trigram index and
SQLite by scanning (fine at the district's size).
"""

import re

from pypinyin import Style, lazy_pinyin, load_phrases_dict

# Readings pypinyin gets wrong in our domain words (长 in 长红枣 is cháng, not zhǎng).
load_phrases_dict(
    {
        "长红枣": [["cháng"], ["hóng"], ["zǎo"]],
        "山亭": [["shān"], ["tíng"]],
    }
)

MAX_QUERY_LENGTH = 50
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NON_WORD = re.compile(r"[\s\-_·•.,，。、()（）\[\]【】《》\"'“”‘’/]+")


def _normalise(text):
    return _NON_WORD.sub("", text).lower()


def pinyin_forms(text):
    """Full pinyin and initials of the Chinese in text (phrase-aware readings)."""
    text = _NON_WORD.sub("", text or "")
    if not _CJK.search(text):
        return []
    syllables = [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s]
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return [full, initials]


def build_search_text(*parts):
    """What a searchable model stores: each part as written, then its pinyin forms."""
    words = []
    for part in parts:
        part = (part or "").strip()
        if not part:
            continue
        words.append(part.lower())
        words.extend(pinyin_forms(part))
    return " ".join(dict.fromkeys(words))


def normalise_query(query):
    """The form of a query that is matched against stored search text."""
    return _normalise(query or "")
