"""The page for people at ``/``: upload or paste agreement files, and see what is found.

Plain HTML and CSS, served by the application: nothing is fetched from elsewhere, and
no script runs (it works with JavaScript off). The form posts to the page itself as
``multipart/form-data``; the answer lists the findings by file, each with its rule's
explanation one click away (``<details>``), and the timeline of the files when they
all load, in a sandboxed frame. The form's parts are read from the request's bytes
with the standard library's MIME parser: nothing is written to disk.
"""

from __future__ import annotations

import email.parser
import email.policy
import html
import urllib.parse
from typing import TYPE_CHECKING

from velfaerd.i18n import LANGUAGES, Text, count, text
from velfaerd.serve import _work
from velfaerd.serve._requests import (
    TOO_MANY_FILES,
    UNSUPPORTED,
    FilesRequest,
    RequestError,
    files_request,
    kind,
    wrong_shape,
)

if TYPE_CHECKING:
    from velfaerd.report import Finding, Report

__all__ = ["FIELDS", "HEADERS", "failed", "form", "results"]

#: The page loads nothing from anywhere, runs no script and is framed by no other site.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_CSS = """
:root{color-scheme:light;--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--error:#b42318;
--warning:#9a6700;--info:#0969da;--panel:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--ink);background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0 .6rem}h2{font-size:1.25rem;margin:1.4rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .3rem;overflow-wrap:anywhere}
form{display:grid;grid-template-columns:minmax(0,1fr);gap:.8rem;background:var(--panel);
border:1px solid var(--line);border-radius:.5rem;padding:1rem}
label{display:grid;gap:.25rem;font-weight:600;min-width:0}
input[type=file],input[type=text]{width:100%}
input,select,textarea,button{font:inherit;font-weight:400;max-width:100%}
textarea{width:100%;min-height:8rem;font-family:ui-monospace,monospace;font-size:.9rem}
.options{display:flex;flex-wrap:wrap;gap:.8rem}
button{justify-self:start;padding:.45rem 1.2rem;border:0;border-radius:.4rem;
background:#1f6feb;color:#fff;font-weight:600;cursor:pointer}
ul.findings{list-style:none;margin:0;padding:0}
ul.findings>li{border-left:4px solid var(--line);padding:.3rem .6rem;margin:.4rem 0;
overflow-wrap:anywhere}
li.error{border-color:var(--error)}li.warning{border-color:var(--warning)}
li.info{border-color:var(--info)}
.code{font-family:ui-monospace,monospace;font-weight:700}
.severity{color:var(--muted)}
.where{color:var(--muted);font-size:.9rem}
details{margin:.2rem 0}summary{cursor:pointer;color:#0969da}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);padding:.6rem;
border-radius:.4rem;font-size:.85rem}
iframe{width:100%;height:70vh;border:1px solid var(--line);border-radius:.4rem}
.problem{color:var(--error);font-weight:600}
footer{color:var(--muted);font-size:.85rem;margin-top:2rem}
"""


def _t(key: str, lang: str, **values: object) -> str:
    return html.escape(text(f"serve.page.{key}", lang, **values))


def _page(lang: str, body: str) -> str:
    title = _t("title", lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{title}</h1>\n{body}\n"
        f'<footer>{_t("api", lang)} <a href="openapi.json">openapi.json</a>.</footer>\n'
        "</main>\n</body>\n</html>\n"
    )


def _form(lang: str, as_of: str = "") -> str:
    options = "".join(
        f'<option value="{code}"{" selected" if code == lang else ""}>{name}</option>'
        for code, name in (("da", "Dansk"), ("en", "English"))
    )
    return (
        '<form method="post" action="./" enctype="multipart/form-data">\n'
        f"<p>{_t('intro', lang)}</p>\n"
        f'<label>{_t("files", lang)}<input type="file" name="files" multiple '
        'accept=".toml,application/toml,text/plain"></label>\n'
        f'<label>{_t("paste", lang)}<textarea name="text" spellcheck="false"></textarea></label>\n'
        f'<label>{_t("name", lang)}<input type="text" name="name" value="document.toml"></label>\n'
        '<div class="options">'
        f'<label>{_t("lang", lang)}<select name="lang">{options}</select></label>'
        f'<label>{_t("as-of", lang)}<input type="date" name="as_of" '
        f'value="{html.escape(as_of)}"></label></div>\n'
        f'<button type="submit">{_t("submit", lang)}</button>\n</form>'
    )


def form(lang: str) -> str:
    """The page with its empty form, in ``lang``."""
    return _page(lang, _form(lang))


def failed(message: str, lang: str) -> str:
    """The page with the form and what was wrong with what was sent."""
    return _page(lang, f'<p class="problem">{html.escape(message)}</p>\n{_form(lang)}')


def _parts(body: bytes, content_type: str) -> list[tuple[str, str | None, bytes]]:
    """Each form field: its name, its file name (for a file), its bytes."""
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        pairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return [(name, None, value.encode("utf-8")) for name, value in pairs]
    if media_type != "multipart/form-data":
        said = Text(
            "serve.error.media-type",
            {"given": media_type, "accepted": "multipart/form-data"},
        )
        raise RequestError(415, UNSUPPORTED, said)
    header = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + body)
    found: list[tuple[str, str | None, bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        found.append((name, _utf8(filename) if filename is not None else None, data))
    return found


def _utf8(name: str) -> str:
    """A file name as the browser wrote it (UTF-8), read back from the MIME parser."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


#: The form's fields.
FIELDS = ("files", "text", "name", "lang", "as_of")


def _values(fields: list[tuple[str, str | None, bytes]]) -> dict[str, str]:
    """The form's text fields; an unknown, repeated or misplaced field is refused (422)."""
    values: dict[str, str] = {}
    for name, filename, data in fields:
        if name not in FIELDS:
            wrong_shape(name, "unknown-key", hint="", known=", ".join(FIELDS))
        if name == "files":
            if filename is None and data:
                wrong_shape("files", "wrong-type", expected=kind("file"), found=kind("string"))
            continue
        if name in values:
            wrong_shape(name, "repeated")
        values[name] = data.decode("utf-8", "replace")
    if values.get("lang", "en") not in LANGUAGES:
        wrong_shape("lang", "lang", languages=", ".join(LANGUAGES), value=values["lang"])
    return values


def results(body: bytes, content_type: str, lang: str, max_files: int) -> _work.Answer:
    """The page answering a posted form: findings by file, explanations, the timeline."""
    try:
        fields = _parts(body, content_type)
        values = _values(fields)
        lang = values.get("lang", lang)
        files = [
            (filename, data) for name, filename, data in fields if name == "files" and filename
        ]
        pasted = values.get("text", "")
        if pasted.strip():
            files.append(
                (values.get("name", "").strip() or "document.toml", pasted.encode("utf-8"))
            )
        if not files:
            return _html(failed(text("serve.page.nothing", lang), lang), 422)
        _count(files, max_files)
        request = files_request(files, {"as_of": values.get("as_of") or None, "lang": lang}, lang)
        report, problems = _work.check_report(request)
        timeline = None if problems else _work.timeline(request).body.decode("utf-8")
    except RequestError as error:
        return _html(failed(error.to_dict(lang)["error"]["message"], lang), error.status)
    return _html(_page(lang, _shown(request, report, timeline)))


def _count(files: list[tuple[str, bytes]], max_files: int) -> None:
    if len(files) > max_files:
        said = Text("serve.error.too-many-files", {"count": len(files), "limit": max_files})
        raise RequestError(413, TOO_MANY_FILES, said)


def _html(page: str, status: int = 200) -> _work.Answer:
    return _work.Answer(
        body=page.encode("utf-8"), media_type="text/html; charset=utf-8", status=status
    )


def _explanations(report: Report, lang: str) -> dict[str, str]:
    from velfaerd.cli._rule_text import LOAD_RULES  # noqa: PLC0415
    from velfaerd.rules import all_rules  # noqa: PLC0415

    codes = report.codes()
    said = {
        rule.code: rule.translated(lang).explanation for rule in all_rules() if rule.code in codes
    }
    for load_rule in LOAD_RULES:
        if load_rule.code in codes:
            said[load_rule.code] = load_rule.translated(lang).description
    return said


def _finding(finding: Finding, explanations: dict[str, str], lang: str) -> str:
    severity = finding.severity.value
    where = f"{finding.line}:{finding.column or 1}" if finding.line is not None else finding.path
    explanation = explanations.get(finding.code)
    details = (
        f"<details><summary>{_t('explain', lang, code=finding.code)}</summary>"
        f"<pre>{html.escape(explanation)}</pre></details>"
        if explanation
        else ""
    )
    return (
        f'<li class="{severity}"><span class="code">{html.escape(finding.code)}</span> '
        f'<span class="severity">[{html.escape(text("severity." + severity, lang))}]</span> '
        f'{html.escape(finding.message)} <span class="where">{html.escape(where)}</span>'
        f"{details}</li>"
    )


def _shown(request: FilesRequest, report: Report, timeline: str | None) -> str:
    lang = request.lang
    explanations = _explanations(report, lang)
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.source or "", []).append(finding)
    parts = [_form(lang, request.as_of.isoformat() if request.as_of else "")]
    parts.append(f'<h2 id="findings">{_t("results", lang)}</h2>')
    if not report.findings:
        parts.append(f"<p>{_t('none', lang)}</p>")
    else:
        summary = text(
            "serve.page.summary",
            lang,
            errors=count("error", report.count("error"), lang),
            warnings=count("warning", report.count("warning"), lang),
            files=count("file", len(by_file), lang),
        )
        parts.append(f'<p class="summary">{html.escape(summary)}</p>')
    for source, findings in by_file.items():
        items = "".join(_finding(finding, explanations, lang) for finding in findings)
        parts.append(
            f'<section class="file"><h3>{html.escape(source)}</h3>'
            f'<ul class="findings">{items}</ul></section>'
        )
    parts.append(f'<h2 id="timeline">{_t("timeline", lang)}</h2>')
    if timeline is None:
        parts.append(f"<p>{_t('no-timeline', lang)}</p>")
    else:
        parts.append(
            f'<iframe title="{_t("timeline", lang)}" sandbox '
            f'srcdoc="{html.escape(timeline, quote=True)}"></iframe>'
        )
    return "\n".join(parts)
