# The reference side of `npm run conformance`: Debian's python3-feedparser (6.0.10) reading many
# documents in one process. stdin: one JSON object per line, {"id", "body" (base64), "headers"};
# stdout: one JSON object per line, {"id", "feedTitle", "feedTitleType", "bozo", "entries": [{"title",
# "titleType", "link", "id", "published", "updated", "created", "summary", "summaryType", "content",
# "contentType"}]} with dates as UTC ISO 8601 (from feedparser's *_parsed).
import base64
import calendar
import datetime
import json
import sys

import feedparser


def iso(parsed):
    if not parsed:
        return None
    try:
        seconds = calendar.timegm(parsed)
    except (OverflowError, ValueError, TypeError):
        return None
    try:
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    except (OverflowError, OSError, ValueError):
        return None


def text(value):
    return value if isinstance(value, str) and value.strip() != "" else None


def detail_type(detail):
    return detail.get("type") if isinstance(detail, dict) else None


def entry_of(entry):
    # dict.get, not entry.get: feedparser 6 answers "updated" with "published" when there is none.
    content = entry.get("content") or []
    return {
        "title": text(entry.get("title")),
        "titleType": detail_type(entry.get("title_detail")),
        "link": text(entry.get("link")),
        "id": text(entry.get("id")),
        "published": iso(dict.get(entry, "published_parsed")),
        "updated": iso(dict.get(entry, "updated_parsed")),
        "created": iso(dict.get(entry, "created_parsed")),
        "summary": text(entry.get("summary")),
        "summaryType": detail_type(entry.get("summary_detail")),
        "content": text(content[0].get("value")) if content else None,
        "contentType": detail_type(content[0]) if content else None,
    }


for line in sys.stdin:
    request = json.loads(line)
    body = base64.b64decode(request["body"])
    try:
        result = feedparser.parse(body, response_headers=request.get("headers") or {})
        answer = {
            "id": request["id"],
            "feedTitle": text(result.feed.get("title")),
            "feedTitleType": detail_type(result.feed.get("title_detail")),
            "bozo": bool(result.get("bozo")),
            "entries": [entry_of(entry) for entry in result.entries],
        }
    except Exception as err:  # a crash in the reference is reported, not fatal to the run
        answer = {"id": request["id"], "error": repr(err), "feedTitle": None, "bozo": True, "entries": []}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
