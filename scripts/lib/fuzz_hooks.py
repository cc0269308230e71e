"""schemathesis hooks for scripts/lib/fuzz.sh: what the admin API requires that a JSON Schema cannot say."""

import re
from datetime import datetime, timedelta, timezone

import schemathesis

# The document's timestamp pattern: what the server parses.
TIMESTAMP = re.compile(
    r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?"
    r"(Z|[+-](0[0-9]|1[0-7]):[0-5][0-9]|[+-]18:00)\Z"
)


@schemathesis.hook
def map_case(context, case):
    spell_integers_as_digits(case)
    expire_in_the_future(case)
    recover_within_the_window(case)
    schedule_with_a_real_cron_and_zone(case)
    return case


def spell_integers_as_digits(case):
    """JSON Schema counts 1.0 as an integer, and schemathesis reuses a body's `"user_id": 1.0` as the path
    `/v1/users/1.0`; in a URL an integer is its digits, which is what the server reads."""
    for container in (case.path_parameters, case.query):
        for name, value in (container or {}).items():
            if isinstance(value, float) and value.is_integer():
                container[name] = int(value)


def expire_in_the_future(case):
    """A new API key's `expires_at` must lie in the future (else 400, as documented); a schema cannot say
    "after now", so a generated moment in the past moves to a year from now."""
    if case.method.upper() != "POST" or case.path != "/v1/api-keys" or not isinstance(case.body, dict):
        return
    expires_at = case.body.get("expires_at")
    if not isinstance(expires_at, str):
        return
    try:
        moment = datetime.fromisoformat(expires_at)
    except ValueError:
        return
    if moment.tzinfo is not None and moment <= datetime.now(timezone.utc):
        case.body["expires_at"] = (datetime.now(timezone.utc) + timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment(value):
    """The moment a timestamp the server would parse stands for, else None."""
    if not isinstance(value, str) or not TIMESTAMP.match(value):
        return None
    try:
        # Python reads at most 6 fraction digits; the server reads up to 9.
        return datetime.fromisoformat(re.sub(r"(\.[0-9]{6})[0-9]+", r"\1", value).replace("Z", "+00:00"))
    except ValueError:
        return None


def recover_within_the_window(case):
    """`recover` reaches back at most 14 days, and `until` must follow `since` (else 400, as documented); a
    schema cannot say "after now minus 14 days", so a valid `since` further back moves to a day ago, and a valid
    `until` not after it is dropped (no upper bound)."""
    if case.method.upper() != "POST" or not case.path.endswith("/recover") or not isinstance(case.body, dict):
        return
    since = moment(case.body.get("since"))
    if since is None:
        return
    now = datetime.now(timezone.utc)
    if since < now - timedelta(days=13):
        since = now - timedelta(days=1)
        case.body["since"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    until = moment(case.body.get("until"))
    if until is not None and until <= since:
        del case.body["until"]


def schedule_with_a_real_cron_and_zone(case):
    """A periodic job's `cron` must parse and its `time_zone` must be an IANA zone (else 400, as documented); a
    schema cannot say either, so in a request meant to be valid they become a real schedule and zone."""
    if not case.path.startswith("/v1/periodic-jobs") or not isinstance(case.body, dict):
        return
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if isinstance(case.body.get("cron"), str):
        case.body["cron"] = "*/5 * * * *"
    if isinstance(case.body.get("time_zone"), str):
        case.body["time_zone"] = "Europe/Berlin"
