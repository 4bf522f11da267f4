"""Lookalike folding, generation and scoring (monitor/lookalike.py), shared by impersonation and the sweep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.config import Config
from monitor.lookalike import (
    Identity,
    avatar_matches,
    candidate_handles,
    edit_cost,
    fold_handle,
    hash_distance,
    identities,
    identity_of,
    official_claim,
    score_lookalike,
)
from monitor.platforms.registry import X
from monitor.records import Account, handle_key

NOW = datetime(2027, 4, 20, 11, 0, tzinfo=UTC)
COUNCIL_NAMES = ("Brackley Town Council", "Brackley TC")


def owner_of(config: Config, handle: str) -> Identity:
    """Return the identity a registered handle belongs to."""
    for identity in identities(config):
        if any(handle_key(a.handle) == handle_key(handle) for a in identity.accounts):
            return identity
    raise KeyError(handle)


def registered_handles(config: Config) -> list[str]:
    """Return every registered handle of the example config, on either platform."""
    return [ref.handle for ref, _ in ((r.ref, r) for r in config.registry.values())]


def score(identity: Identity, handle: str, name: str = "", **fields: object) -> float:
    """Return the score of an X account with this handle and name against an identity."""
    account = Account(platform="x", handle=handle, display_name=name, **fields)  # type: ignore[arg-type]
    return score_lookalike(account, identity, now=NOW).score


@pytest.mark.parametrize("lookalike", ["BrackIeyTC", "Brack1eyTC", "BRACKLEYTC_", "brackley_tc", "BrackIeyTC"])
def test_folding_makes_confusable_handles_meet(lookalike: str) -> None:
    """Capital I, digit 1, case and underscores fold to the registered handle in some normalisation."""
    assert fold_handle(lookalike) & fold_handle("BrackleyTC")


def test_folding_reads_rn_as_m_and_vv_as_w() -> None:
    """The digraph confusables fold both ways round."""
    assert fold_handle("CllrPriyaSharrna") & fold_handle("CllrPriyaSharma")
    assert fold_handle("vvhitfield") & fold_handle("whitfield")


@pytest.mark.parametrize("neighbour", ["BuckleyTC", "BracknellTC", "BrockleyTC", "BerkeleyTC", "BrackleyFC"])
def test_folding_keeps_real_neighbours_apart(neighbour: str) -> None:
    """Other bodies' handles do not fold to ours."""
    assert not fold_handle(neighbour) & fold_handle("BrackleyTC")


def test_edit_cost_charges_a_substitution_double() -> None:
    """Insertions, omissions and swaps cost 1; substituting a letter costs 2, as real neighbours differ so."""
    assert edit_cost("brackleytc", "brackleytcc") == 1
    assert edit_cost("brackleytc", "brackeytc") == 1
    assert edit_cost("brackleytc", "brackelytc") == 1
    assert edit_cost("brackleytc", "brockleytc") == 2
    assert edit_cost("brackleytc", "buckleytc") == 3


def test_candidates_are_x_valid_unique_and_not_the_handle(example_config: Config) -> None:
    """Every candidate of every registered handle is a possible X handle, listed once."""
    for handle in registered_handles(example_config):
        found = candidate_handles(handle, 120)
        assert found, handle
        keys = [handle_key(c) for c in found]
        assert len(keys) == len(set(keys)), handle
        assert handle_key(handle) not in keys
        for candidate in found:
            assert X.handle_pattern.match(candidate) and candidate.strip("_"), (handle, candidate)


def test_generated_candidates_score_above_the_threshold(example_config: Config) -> None:
    """What the sweep looks up is what the rule reports: each candidate, on its handle alone, scores enough."""
    threshold = example_config.checks.impersonation.min_score
    for handle in registered_handles(example_config):
        identity = owner_of(example_config, handle)
        low = [(c, score(identity, c)) for c in candidate_handles(handle, 120) if score(identity, c) < threshold]
        assert not low, f"{handle}: {low[:5]}"


def test_candidates_respect_the_limit_and_take_families_in_turn() -> None:
    """A small budget still samples underscores, look-alike characters and affixes."""
    first = candidate_handles("BrackleyTC", 6)
    assert len(first) == 6
    assert "BrackleyTC_" in first and "BrackIeyTC" in first and "RealBrackleyTC" in first
    assert candidate_handles("BrackleyTC", 0) == []


def test_a_name_too_long_for_x_is_abbreviated_first() -> None:
    """A 19-character Facebook name yields the abbreviations an X squatter would pick."""
    found = candidate_handles("BrackleyTownCouncil", 12)
    assert found[0] == "BrackleyTC"
    assert "BrackleyCouncil" in found


@pytest.mark.parametrize(("handle", "name"), [
    ("BuckleyTownCncl", "Buckley Town Council"), ("BracknellTownC", "Bracknell Town Council"),
    ("BrackleyTownFC", "Brackley Town FC"), ("BrockleyTC", "Brockley Town Council"),
    ("BerkeleyTC", "Berkeley Town Council"), ("BarnsleyCouncil", "Barnsley Council"),
    ("BrackleyNews", "Brackley News"), ("BrackleyFC", "Brackley FC"), ("sarah_k_1984", "Sarah K"),
])
def test_genuinely_different_bodies_score_below_the_threshold(example_config: Config, handle: str, name: str) -> None:
    """Near names of other councils, clubs and residents stay under 0.6, even as new accounts."""
    council = owner_of(example_config, "BrackleyTC")
    assert score(council, handle, name, created_at=NOW - timedelta(days=2)) < 0.6


@pytest.mark.parametrize("name", [
    "Brackley Town Council ✅", "Вrackley Τown Сouncil", "𝐁𝐫𝐚𝐜𝐤𝐥𝐞𝐲 𝐓𝐨𝐰𝐧 𝐂𝐨𝐮𝐧𝐜𝐢𝐥",
    "Ｂｒａｃｋｌｅｙ Ｔｏｗｎ Ｃｏｕｎｃｉｌ", "Brack\u200bley Town Counci1", "Brackley Town Council Official",
])
def test_the_council_name_in_any_disguise_is_enough(example_config: Config, name: str) -> None:
    """Homoglyphs, fonts, invisibles and official-sounding words do not hide the council's name."""
    assert score(owner_of(example_config, "BrackleyTC"), "resident_42", name) >= 0.8


def test_reasons_say_why(example_config: Config) -> None:
    """Each signal leaves a reason a person can read, strongest first."""
    account = Account(platform="x", handle="CllrJWhitfie1d", display_name="Cllr Jane Whitfield ✅",
                      created_at=NOW - timedelta(days=5))
    result = score_lookalike(account, owner_of(example_config, "CllrJWhitfield"), now=NOW)
    assert result.score > 0.95
    assert "look-alike characters" in result.reasons[0]
    assert any("title Cllr" in r for r in result.reasons)
    assert any("created 5 days ago" in r for r in result.reasons)
    assert any("tick" in r for r in result.reasons)


@pytest.mark.parametrize(("handle", "name", "bio"), [
    ("jwhitfield_87", "Jess Whitfield", "Nurse. Loves dogs. Brackley."),
    ("whitfield.j1990", "Jo Whitfield", "Brackley born. Gardener."),
    ("p_sharma_77", "Pete Sharma", "Accountant in Brackley."),
    ("t_okafor_2001", "Tunde Okafor", "Brackley Town FC season ticket."),
])
def test_a_local_namesake_with_an_old_account_is_not_an_impersonator(
        example_config: Config, handle: str, name: str, bio: str) -> None:
    """An initial and surname plus digits, a different first name and an old account stay under 0.6."""
    councillors = [i for i in identities(example_config) if i.role == "councillor"]
    created = NOW - timedelta(days=3_000)
    assert max(score(i, handle, name, bio=bio, created_at=created) for i in councillors) < 0.6


def test_the_bare_name_handle_needs_one_more_sign(example_config: Config) -> None:
    """The same handle fires once the first name matches, a title is claimed or the account is new."""
    jane = owner_of(example_config, "CllrJWhitfield")
    old, new = NOW - timedelta(days=3_000), NOW - timedelta(days=10)
    assert score(jane, "jwhitfield_87", "Jess Whitfield", bio="Brackley.", created_at=old) < 0.6
    assert score(jane, "jwhitfield_87", "Jane Whitfield", bio="Brackley.", created_at=old) >= 0.6
    assert score(jane, "jwhitfield_87", "Cllr J Whitfield", created_at=old) >= 0.6
    assert score(jane, "jwhitfield_87", "Jess Whitfield", bio="Brackley.", created_at=new) >= 0.6


def test_digits_at_the_end_of_a_handle_are_a_number_not_leet() -> None:
    """'87' stays '87' (not 'bt'), while a digit inside a word still folds (Brack1ey)."""
    assert "jwhltfleld87" in fold_handle("jwhitfield_87")
    assert fold_handle("Brack1eyTC") & fold_handle("BrackleyTC")


def test_a_councillors_name_in_cyrillic_look_alikes_is_a_disguise(example_config: Config) -> None:
    """Nobody spells their own name with Cyrillic letters mixed in: it counts like a title would."""
    tom = owner_of(example_config, "TomOkaforBTC")
    assert score(tom, "okafor_t", "Тоm Оkаfor", bio="Brackley") >= 0.8
    assert score(tom, "okafor_t", "Tom Okafor", bio="Brackley") < 0.6


def test_a_new_account_alone_is_no_likeness(example_config: Config) -> None:
    """Corroboration (new, tick, avatar) counts only beside a name or handle likeness."""
    council = owner_of(example_config, "BrackleyTC")
    assert score(council, "sunny_days_77", "Sunny ✅", created_at=NOW - timedelta(days=1),
                 avatar_hash="c3c33c3cc3c33c3c") == 0


def test_a_labelled_parody_is_halved(example_config: Config) -> None:
    """Parody and fan accounts say so; the score halves below the threshold."""
    council = owner_of(example_config, "BrackleyTC")
    plain = score(council, "not_the_btc", "Brackley Town Council", bio="Bins, bikes and budgets")
    parody = score(council, "not_the_btc", "Brackley Town Council", bio="Parody account. Bins, bikes and budgets")
    assert parody == pytest.approx(plain * 0.5, abs=0.01) and parody < 0.6


def test_a_copied_bio_counts(example_config: Config) -> None:
    """A bio copied from the registered profile is a signal; with a new account it is enough."""
    bio = "Official news from Brackley Town Council, Town Hall, Market Place. Staffed Mon-Fri 9am-5pm."
    registered = Account(platform="x", handle="BrackleyTC", role="official", bio=bio)
    council = next(i for i in identities(example_config, [registered]) if i.role == "official")
    assert score(council, "market_place_uk", "Town Hall", bio=bio + " ", created_at=NOW - timedelta(days=3)) >= 0.6
    assert score(council, "market_place_uk", "Town Hall", bio="Market traders of Brackley") == 0


def test_a_bare_account_can_be_protected() -> None:
    """score_lookalike accepts an Account where no configuration is at hand."""
    protected = Account(platform="x", handle="PriyaSharmaBTC", display_name="Priya Sharma")
    assert score_lookalike(Account(platform="x", handle="PriyaSharrnaBTC"), protected).score >= 0.8
    assert identity_of(protected).accounts == (protected,)


def test_official_claims_are_found_unless_negated() -> None:
    """'Official account of the council' is a claim; 'not the official account' is a disclaimer."""
    assert official_claim("The official account of Brackley Town Council", COUNCIL_NAMES)
    assert official_claim("This account is run by Brackley TC", COUNCIL_NAMES)
    assert official_claim("Not the official account of Brackley Town Council", COUNCIL_NAMES) is None
    assert official_claim("Proud to welcome to the council our new members", COUNCIL_NAMES) is None


def test_avatar_hashes_match_within_eight_bits_of_sixty_four() -> None:
    """pHash-64 at ≤ 8 bits is the same picture (DETECTION §1.5); junk never raises."""
    assert hash_distance("c3c33c3cc3c33c3c", "c3c33c3cc3c33c3d") == 1
    assert avatar_matches("c3c33c3cc3c33c3c", "3c3cc3c33c3cc3c3") is None
    assert avatar_matches("c3c33c3cc3c33c3c", "c3c33c3cc3c33cff") == 4
    assert hash_distance("zz", "c3") is None and hash_distance("c3c3", "c3") is None
    assert avatar_matches(None, "c3") is None


@settings(max_examples=200, deadline=None)
@given(handle=st.text(max_size=40), name=st.text(max_size=80), bio=st.text(max_size=200))
def test_scoring_never_raises_on_any_text(handle: str, name: str, bio: str) -> None:
    """Any handle, name or bio gives a score in [0, 1] and candidates never raise."""
    protected = Account(platform="x", handle="BrackleyTC", display_name="Brackley Town Council", bio="News " * 5)
    result = score_lookalike(Account(platform="x", handle=handle, display_name=name, bio=bio), protected, now=NOW)
    assert 0.0 <= result.score <= 1.0
    assert isinstance(fold_handle(handle), set)
    assert all(X.handle_pattern.match(c) for c in candidate_handles(handle, 5))


def test_a_neighbouring_club_one_edit_away_scores_below_the_threshold(example_config: Config) -> None:
    """Score a club whose handle is one edit from the council's, named as the club, below 0.6."""
    config = example_config
    club = Account(platform="x", handle="BrackleyTCC", display_name="Brackley Town Cricket Club",
                   bio="Cricket in Brackley since 1865.")
    best = max(score_lookalike(club, identity).score for identity in identities(config))
    assert best < 0.6


def test_a_club_name_does_not_hide_the_councils_name_or_an_official_claim(example_config: Config) -> None:
    """Score a one-edit handle high again when the council's name or an official claim comes with it."""
    config = example_config
    named = Account(platform="x", handle="BrackleyTCC", display_name="Brackley Town Council")
    claiming = Account(platform="x", handle="BrackleyTCC", display_name="Brackley Town Cricket Club",
                       bio="Official account of Brackley Town Council.")
    for account in (named, claiming):
        assert max(score_lookalike(account, identity).score for identity in identities(config)) >= 0.6
