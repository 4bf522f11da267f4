"""No check raises on any string: hypothesis throws arbitrary text at every registered check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.checks import CHECKS, Context, History
from monitor.config import Config
from monitor.records import Account, Post, SharedPost
from tests.conftest import EXAMPLE_CONFIG

NOW = datetime(2027, 4, 20, 11, 0, tzinfo=UTC)
CONFIG: Config | None = None

# Text with the characters that break naive code: invisibles, bidi controls, combining marks, astral emoji.
NASTY = st.text(alphabet=st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("\u200b\u200d\u202e\u2066\ufeff\u0301\u0430\u0391𝐁Ｂ@#*_?!£€0123456789 \n\t<>&\"'")),
), max_size=400)
ROLES = st.sampled_from(["official", "councillor", "other"])
HANDLES = st.sampled_from(["BrackleyTC", "CllrJWhitfield", "BrackIeyTC", "resident_1", "TomOkaforBTC", "x"])


def config() -> Config:
    """Return the example config, loaded once."""
    global CONFIG
    if CONFIG is None:
        from monitor.config import load_config
        CONFIG = load_config(EXAMPLE_CONFIG)
    return CONFIG


@st.composite
def accounts(draw: st.DrawFn) -> Account:
    """Draw an account with hostile text in every field."""
    return Account(platform=draw(st.sampled_from(["x", "facebook"])), handle=draw(HANDLES), role=draw(ROLES),
                   display_name=draw(NASTY), bio=draw(NASTY), pinned_text=draw(NASTY),
                   avatar_hash=draw(st.one_of(st.none(), st.text(max_size=20))),
                   created_at=draw(st.one_of(st.none(), st.just(NOW - timedelta(days=3)))))


@st.composite
def posts(draw: st.DrawFn) -> Post:
    """Draw a post with hostile text, maybe a reply or a share."""
    shared = draw(st.one_of(st.none(), st.builds(SharedPost, kind=st.sampled_from(["repost", "quote"]),
                                                 post_id=st.just("9"), handle=HANDLES, text=NASTY)))
    return Post(platform=draw(st.sampled_from(["x", "facebook"])), handle=draw(HANDLES),
                id=draw(st.sampled_from(["1", "2", "3"])), role=draw(ROLES),
                created_at=NOW - timedelta(days=draw(st.integers(0, 60)), minutes=draw(st.integers(0, 1440))),
                text=draw(NASTY), reply_to=draw(st.one_of(st.none(), st.sampled_from(["1", "2", "3"]))),
                reply_to_handle=draw(st.one_of(st.none(), HANDLES)), shared=shared)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(account=accounts(), post=posts(), others=st.lists(posts(), max_size=4))
def test_no_check_raises_on_any_text(account: Account, post: Post, others: list[Post]) -> None:
    """Every check returns hits with a message for any input, and never raises."""
    ctx = Context(config=config(), now=NOW, history=History(accounts=(account,), posts=(post, *others)))
    for check in CHECKS:
        if check.applies_to == "account":
            hits = list(check.func(account, ctx))
        elif check.applies_to == "post":
            hits = list(check.func(post, ctx))
        else:
            hits = list(check.func(ctx))
        for hit in hits:
            assert isinstance(hit.message, str) and hit.message
