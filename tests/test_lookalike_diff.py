"""Where a lookalike differs from the real handle or name, character by character, in words."""

from __future__ import annotations

import pytest

from monitor.lookalike_diff import char_name, describe, differences, segments


@pytest.mark.parametrize(("fake", "real", "expected"), [
    ("BrackIeyTC", "BrackleyTC", "capital I (U+0049) where the real one has small l"),
    ("Br\u0430ckleyTC", "BrackleyTC", "Cyrillic \u0430 (U+0430) where the real one has Latin a"),
    ("Brackley\u200bTC", "BrackleyTC", "an invisible character (U+200B) after 'Brackley'"),
    ("\u200bBrackleyTC", "BrackleyTC", "an invisible character (U+200B) before 'BrackleyTC'"),
    ("Brackley\u200b\u200cTC", "BrackleyTC", "2 invisible characters (U+200B, U+200C) after 'Brackley'"),
    ("Brack1eyTC", "BrackleyTC", "the digit 1 (U+0031) where the real one has small l"),
    ("BrackleyTC0", "BrackleyTCO", "the digit 0 (U+0030) where the real one has capital O"),
    ("\u0392rackley", "Brackley", "Greek capital \u0392 (U+0392) where the real one has Latin capital B"),
    ("BrackeyTC", "BrackleyTC", "no small l after 'Brack', which the real one has"),
    ("BrackleyTCC", "BrackleyTC", "an extra capital C after 'BrackleyTC'"),
    ("Brackley_TC", "BrackleyTC", "an extra underscore _ (U+005F) after 'Brackley'"),
    ("brackley-tc.gov.ukx", "brackley-tc.gov.uk", "an extra small x after 'brackley-tc.gov.uk'"),  # whole
    ("the-brackley-town-council-office-x", "the-brackley-town-council-office", "an extra hyphen - (U+002D) then "
     "small x after 'office'"),  # a long one quoted from a word's start, not 'uncil-office'
    ("rnark", "mark", "small r (U+0072) then small n (U+006E) where the real one has small m (they look alike)"),
    ("BrackleyTC", "BrackleyTC", "the same characters as the real one"),
])
def test_describe_names_each_difference(fake: str, real: str, expected: str) -> None:
    assert describe(fake, real) == expected


def test_two_differences_are_both_named_in_order() -> None:
    text = describe("Br\u0430ckIeyTC", "BrackleyTC")
    assert text == ("Cyrillic \u0430 (U+0430) where the real one has Latin a; "
                    "capital I (U+0049) where the real one has small l")


def test_a_different_name_is_not_listed_letter_by_letter() -> None:
    assert "a different name" in describe("ParishNewsDaily", "BrackleyTC")


def test_differences_carry_characters_and_both_indexes() -> None:
    [d] = differences("Br\u0430ckleyTC", "BrackleyTC")
    assert (d.fake, d.real, d.index, d.real_index) == ("\u0430", "a", 2, 2)
    [gap] = differences("Brackley\u200bTC", "BrackleyTC")
    assert (gap.fake, gap.real, gap.index, gap.invisible) == ("\u200b", "", 8, True)
    [lack] = differences("BrackeyTC", "BrackleyTC")
    assert (lack.fake, lack.real, lack.index, lack.real_index) == ("", "l", 5, 5)


def test_segments_rebuild_the_fake_and_mark_only_the_differences() -> None:
    fake = "Br\u0430ckley\u200bTC"
    runs = segments(fake, "BrackleyTC")
    assert "".join(text for text, _ in runs) == fake
    assert [text for text, diff in runs if diff] == ["\u0430", "\u200b"]


def test_emoji_and_symbols_are_named_not_only_drawn() -> None:
    assert char_name("\u2705") == "white heavy check mark \u2705 (U+2705)"
    assert "check mark" in describe("Brackley TC \u2705", "Brackley TC")


def test_the_same_swap_made_twice_is_said_once_with_how_many_times() -> None:
    said = describe("brackley-tc-gov-uk.bsky.social", "brackley-tc.gov.uk")
    assert said.startswith("hyphen - (U+002D) where the real one has full stop . (U+002E), twice; ")
    assert said.count("full stop") == 1
