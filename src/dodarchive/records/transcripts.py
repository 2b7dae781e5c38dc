"""Who said what in a transcript: speaker turns from the body paragraphs.

A turn starts at a paragraph that opens with a speaker label — upper case up to a colon
("SEC. GATES:", "Q:", "MODERATOR:", "LT. GEN. SMITH:") or a title-case name with a
title ("Secretary of Defense Lloyd J. Austin III:") — and runs over the paragraphs
without a label that follow. Text before the first label is a turn without a speaker.
Each turn's ``text`` is its paragraphs exactly as in the body (label included), so
joining the turns' texts with blank lines gives back ``articleBody``.
"""

from __future__ import annotations

import re
from collections import Counter

from dodarchive.records.model import Turn

__all__ = ["Turn", "normalize_speaker", "parse_turns", "speaker_label"]


_CAPS_LABEL = re.compile(
    r"^(?P<label>(?:Q|[A-Z][A-Z0-9.'’\- ]{1,60}?(?:\s*\([A-Za-z .]+\))?|[A-Z][A-Z.'’\- ]+,\s*[A-Z][A-Z.'’\- ]+)"
    r"\s*:)(?=\s|$)"
)
_TITLED_LABEL = re.compile(
    r"^(?P<label>(?:Secretary|Deputy\s+Secretary|Under\s+Secretary|Assistant\s+Secretary|General|"
    r"Gen\.|Admiral|Adm\.|Lieutenant\s+General|Lt\.\s+Gen\.|Major\s+General|Maj\.\s+Gen\.|"
    r"Brigadier\s+General|Brig\.\s+Gen\.|Colonel|Col\.|Captain|Capt\.|Commander|Cmdr\.|Mr\.|Ms\.|"
    r"Mrs\.|Dr\.|Press\s+Secretary|Pentagon\s+Press\s+Secretary|Ambassador|Chairman|President|"
    r"Moderator|Reporter|Staff|Question|Answer)\b[^:]{0,80}?:)(?=\s)"
)
_NOT_LABEL = re.compile(r"^(?:NOTE|EDITOR'S NOTE|UPDATE|CORRECTION|WASHINGTON|PHOTO|VIDEO)\b", re.I)


def speaker_label(paragraph: str) -> str | None:
    """The speaker label a paragraph opens with ("SEC. GATES:"), or None.

    >>> speaker_label("SEC. GATES: Good afternoon."), speaker_label("Q: Sir?"), speaker_label("Thanks.")
    ('SEC. GATES:', 'Q:', None)
    """
    if _NOT_LABEL.match(paragraph):
        return None
    m = _CAPS_LABEL.match(paragraph) or _TITLED_LABEL.match(paragraph)
    if not m:
        return None
    label = m.group("label")
    words = re.findall(r"[A-Za-z]+", label)
    if not words or len(words) > 12:
        return None
    return label


_TITLES: tuple[tuple[str, str], ...] = (
    (r"SEC(?:RETARY)?\.?(?:\s+OF\s+DEFENSE)?", "Secretary"),
    (r"DEP(?:UTY)?\.?\s+SEC(?:RETARY)?\.?(?:\s+OF\s+DEFENSE)?", "Deputy Secretary"),
    (r"UNDER\s+SEC(?:RETARY)?\.?", "Under Secretary"),
    (r"ASST\.?\s+SEC\.?|ASSISTANT\s+SECRETARY", "Assistant Secretary"),
    (r"LT\.?\s+GEN(?:ERAL)?\.?|LIEUTENANT\s+GENERAL", "Lieutenant General"),
    (r"MAJ\.?\s+GEN(?:ERAL)?\.?|MAJOR\s+GENERAL", "Major General"),
    (r"BRIG\.?\s+GEN(?:ERAL)?\.?|BRIGADIER\s+GENERAL", "Brigadier General"),
    (r"GEN(?:ERAL)?\.?", "General"),
    (r"VICE\s+ADM(?:IRAL)?\.?", "Vice Admiral"),
    (r"REAR\s+ADM(?:IRAL)?\.?", "Rear Admiral"),
    (r"ADM(?:IRAL)?\.?", "Admiral"),
    (r"LT\.?\s+COL(?:ONEL)?\.?", "Lieutenant Colonel"),
    (r"COL(?:ONEL)?\.?", "Colonel"),
    (r"CAPT(?:AIN)?\.?", "Captain"),
    (r"CMDR\.?|COMMANDER", "Commander"),
    (r"MAJ(?:OR)?\.?", "Major"),
    (r"AMB(?:ASSADOR)?\.?", "Ambassador"),
    (r"DR\.?", "Dr."),
    (r"MR\.?", "Mr."),
    (r"MS\.?", "Ms."),
    (r"MRS\.?", "Mrs."),
    (r"(?:PENTAGON\s+)?PRESS\s+SECRETARY", "Press Secretary"),
    (r"CHAIRMAN", "Chairman"),
    (r"PRESIDENT", "President"),
)
_TITLE_RE = [(re.compile(rf"^(?:{p})(?=\s|$)", re.I), name) for p, name in _TITLES]
_SUFFIXES = {"JR", "JR.", "SR", "SR.", "II", "III", "IV"}


def _title_case(word: str) -> str:
    if word.upper() in {"II", "III", "IV"}:
        return word.upper()
    if re.fullmatch(r"[A-Z]\.?", word.upper()):
        return word.upper()
    parts = re.split(r"([-'’])", word.lower())
    out = "".join(p[:1].upper() + p[1:] if p not in "-'’" else p for p in parts)
    return re.sub(r"^(Mc|Mac)([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def normalize_speaker(label: str) -> str:
    """A readable speaker name for one label: titles spelled out, title case.

    >>> normalize_speaker("SEC. GATES:"), normalize_speaker("Q:"), normalize_speaker("LT. GEN. SMITH:")
    ('Secretary Gates', 'Q', 'Lieutenant General Smith')
    """
    core = re.sub(r"\s*\([^)]*\)", "", label.rstrip(":").strip())
    core = core.split(",")[0].strip()
    if core.upper() in {"Q", "A"}:
        return core.upper()
    for rx, name in _TITLE_RE:
        m = rx.match(core)
        if m:
            rest = core[m.end() :].strip()
            names = " ".join(_title_case(w) for w in rest.split()) if _mostly_upper(rest) else rest
            return f"{name} {names}".strip()
    if _mostly_upper(core):
        return " ".join(_title_case(w) for w in core.split())
    return core


def _surname(speaker: str) -> str | None:
    words = [w for w in speaker.split() if w.upper().rstrip(".") not in _SUFFIXES]
    if len(words) < 2:
        return None
    return words[-1].lower()


def _title_of(speaker: str) -> str:
    for _, name in _TITLES:
        if speaker.startswith(name + " "):
            return name
    return speaker.split(maxsplit=1)[0] if speaker.split() else ""


def parse_turns(paragraphs: list[str]) -> list[Turn]:
    """The turns of a transcript body, in order; empty when no paragraph has a label.

    Labels naming the same person differently ("SECRETARY OF DEFENSE LLOYD J. AUSTIN
    III:", later "SEC. AUSTIN:") get one ``speaker``: title and surname
    ("Secretary Austin").
    """
    groups: list[tuple[str | None, list[str]]] = []
    for para in paragraphs:
        label = speaker_label(para)
        if label is not None or not groups:
            groups.append((label, [para]))
        else:
            groups[-1][1].append(para)
    if not any(label for label, _ in groups):
        return []
    names = {label: normalize_speaker(label) for label, _ in groups if label}
    canonical = _canonical(list(names.values()))
    return [
        Turn(
            speaker=canonical.get(names[label], names[label]) if label else None,
            speakerRaw=label,
            text="\n\n".join(paras),
        )
        for label, paras in groups
    ]


def _canonical(speakers: list[str]) -> dict[str, str]:
    """Map each normalized speaker to "Title Surname", shared by labels of one person."""
    by_surname: dict[str, list[str]] = {}
    for s in speakers:
        key = _surname(s)
        if key:
            by_surname.setdefault(key, []).append(s)
    out: dict[str, str] = {}
    for forms in by_surname.values():
        titles = Counter(
            _title_of(f) for f in forms if _title_of(f) != f.split()[0] or len(forms) == 1
        )
        title = titles.most_common(1)[0][0] if titles else _title_of(forms[0])
        surname = next(
            w for w in reversed(forms[0].split()) if w.upper().rstrip(".") not in _SUFFIXES
        )
        short = f"{title} {surname}" if title and title != surname else surname
        for f in forms:
            out[f] = short
    return out
