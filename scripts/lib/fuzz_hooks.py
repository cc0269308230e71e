"""schemathesis hooks for scripts/lib/fuzz.sh: what the admin API requires that a JSON Schema cannot say."""

from datetime import datetime, timedelta, timezone

import schemathesis


@schemathesis.hook
def map_case(context, case):
    spell_integers_as_digits(case)
    expire_in_the_future(case)
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
