"""Alerts: what the Clerk is told, where it goes, and the delivery of the outbox through Apprise.

The only package that imports apprise. Its modules, each depending only on those above it:

* routing: which Apprise tags a rule's alerts go to, and whether they go now or in the daily digest;
* targets: the Apprise URLs from the `apprise.yml` credential, checked against the routes at start-up;
* markup: a body built as HTML (email) and Markdown (Slack and the rest), every piece of post text inert;
* message: the one `Message` shape and the one `queue` into the outbox (monitor.store.outbox);
* composing: an alert, a digest or a system message, as a Message;
* delivering: `deliver_pending` drains the outbox, one Apprise call per body format.

Other modules use `from monitor import alerts` and the names below.
"""

from monitor.alerts.composing import (
    BODY_BUDGET,
    DIGEST_EXCERPT_CHARS,
    DIGEST_MAX_ITEMS,
    MAX_REASONS,
    MESSAGE_CHARS,
    NEXT_STEPS,
    DigestItem,
    OverdueItem,
    account_link,
    alert_title,
    compose_alert,
    compose_digest,
    compose_system,
    evidence_lines,
    excerpt_of,
    next_step,
    post_link,
    rule_line,
    who,
)
from monitor.alerts.delivering import (
    NOTIFY_TIMEOUT_SECONDS,
    NOTIFY_TYPES,
    Attempt,
    DeliveryReport,
    deliver_pending,
    send,
    service_tag_of_result,
)
from monitor.alerts.markup import (
    BROADCASTS,
    CONTROLS,
    EXCERPT_CHARS,
    EXCERPT_LINES,
    FIELD_CHARS,
    LINE_BREAKS,
    MONO,
    QUOTE_STYLE,
    Body,
    Piece,
    hidden_count,
    link,
    quoted,
    said,
    shown_text,
)
from monitor.alerts.message import Message, queue
from monitor.alerts.routing import SEVERITY_RANK, TAG_SHAPE, is_immediate, route, route_problems, system_tags
from monitor.alerts.targets import (
    APP_DESC,
    APP_ID,
    SERVICE_TAG,
    Targets,
    describe_targets,
    load_targets,
    make_asset,
    no_targets,
    parse_targets,
    quiet_apprise,
    service_tag,
)

# The tests name a rule's check as alerts.by_rule, as they did when this was one module.
from monitor.checks import by_rule

__all__ = [
    "APP_DESC", "APP_ID", "BODY_BUDGET", "BROADCASTS", "CONTROLS", "DIGEST_EXCERPT_CHARS", "DIGEST_MAX_ITEMS",
    "EXCERPT_CHARS", "EXCERPT_LINES", "FIELD_CHARS", "LINE_BREAKS", "MAX_REASONS", "MESSAGE_CHARS", "MONO",
    "NEXT_STEPS", "NOTIFY_TIMEOUT_SECONDS", "NOTIFY_TYPES", "QUOTE_STYLE", "SERVICE_TAG",
    "SEVERITY_RANK", "TAG_SHAPE",
    "Attempt", "Body", "DeliveryReport", "DigestItem", "Message", "OverdueItem", "Piece", "Targets",
    "account_link", "alert_title", "by_rule", "compose_alert", "compose_digest", "compose_system",
    "deliver_pending", "describe_targets", "evidence_lines", "excerpt_of", "hidden_count", "is_immediate",
    "link", "load_targets", "make_asset", "next_step", "no_targets", "parse_targets", "post_link", "queue",
    "quiet_apprise", "quoted", "route", "route_problems", "rule_line", "said", "send", "service_tag",
    "service_tag_of_result", "shown_text", "system_tags", "who",
]
