"""Transcript turns: labels, continuation paragraphs, one name per person."""

from __future__ import annotations

from dodarchive.records.transcripts import Turn, normalize_speaker, parse_turns, speaker_label

BRIEFING = [
    "Good afternoon, everyone.",
    "SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Thanks, everybody.",
    "We have a lot to talk about today.",
    "Q: Mr. Secretary, a question about the budget?",
    "SEC. AUSTIN: Thanks, Lita. Next question.",
    "GEN. MILLEY: If I could add one thing: no.",
    "STAFF: Thank you, that's all the time we have.",
]


def test_turns_follow_labels_and_keep_the_body() -> None:
    turns = parse_turns(BRIEFING)
    assert [(t.speaker, t.speakerRaw) for t in turns] == [
        (None, None),
        ("Secretary Austin", "SECRETARY OF DEFENSE LLOYD J. AUSTIN III:"),
        ("Q", "Q:"),
        ("Secretary Austin", "SEC. AUSTIN:"),
        ("General Milley", "GEN. MILLEY:"),
        ("Staff", "STAFF:"),
    ]
    assert turns[1] == Turn(
        speaker="Secretary Austin",
        speakerRaw="SECRETARY OF DEFENSE LLOYD J. AUSTIN III:",
        text="SECRETARY OF DEFENSE LLOYD J. AUSTIN III: Thanks, everybody.\n\n"
        "We have a lot to talk about today.",
    )
    assert "\n\n".join(t.text for t in turns) == "\n\n".join(BRIEFING)


def test_the_reconstructed_fixture_transcript() -> None:
    paragraphs = [
        "STAFF: Good afternoon. Our speakers today are Mr. Example and General Sample.",
        "MR. EXAMPLE: Thank you. This transcript is synthetic, made for testing.",
        "Q: A question from the press?",
        "GEN. SAMPLE: An answer, with a dash — and a quote “like this.”",
    ]
    turns = parse_turns(paragraphs)
    assert [t.speaker for t in turns] == ["Staff", "Mr. Example", "Q", "General Sample"]
    assert [t.text for t in turns] == paragraphs


def test_labels() -> None:
    assert speaker_label("LT. GEN. SMITH: Yes.") == "LT. GEN. SMITH:"
    assert speaker_label("MODERATOR: Go ahead.") == "MODERATOR:"
    assert speaker_label("Press Secretary Sabrina Singh: Hi.") == "Press Secretary Sabrina Singh:"
    assert speaker_label("The secretary said: yes.") is None
    assert speaker_label("NOTE: the audio dropped.") is None
    assert normalize_speaker("ADM. MULLEN:") == "Admiral Mullen"
    assert normalize_speaker("MS. McCLEARY:") == "Ms. McCleary"
    assert normalize_speaker("MR. MCDONALD:") == "Mr. McDonald"


def test_no_labels_no_turns() -> None:
    assert parse_turns(["A speech without speaker labels.", "Second paragraph."]) == []
