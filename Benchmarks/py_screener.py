#!/usr/bin/env python3
"""Reference screener in plain Python (`re` + `json`): the baseline refusald must beat.

Implements the semantics of docs/FORMATS.md as read by the benchmark author:
  * policy directory: category files + refusals.yaml, read in name order, digest
    `sha256:` + SHA-256 over (name NUL bytes NUL) per file;
  * text normalisation: NFKC, Cf/Cc removed except \\n and \\t, soft hyphen dropped,
    whitespace runs folded to one space; spans are mapped back to code points of the
    ORIGINAL text;
  * refuse_prompts -> missing_refusal (when the response is not a refusal),
    forbid_responses -> disallowed_content (unless the sentence holding the match is
    itself a refusal), over_refusal (no refuse_prompts rule matched and the response is
    a refusal), allow rules cancel the matches they overlap;
  * one verdict line per input line, in input order.

Patterns are PCRE2; they are translated to Python `re` where that is possible (see
`translate_pcre`) and compiled with re.UNICODE plus re.IGNORECASE unless `caseless: false`.
A pattern Python cannot express is skipped and reported on stderr.

Choices where FORMATS.md is silent (documented in Benchmarks/README.md):
  * input line: `{"id", "prompt", "response", ...}` or `{"id", "messages": [...]}`; in the
    chat form the prompt is the last `user` message and the response the first `assistant`
    message after it; a content list joins its `text` parts with "\\n";
  * `meta` holds every top-level field other than id/prompt/response/messages;
  * `allow` rules cancel matches of rules from the same file only, match by match;
  * a line without a response gets no missing_refusal/over_refusal finding and
    `"refused": null`;
  * `languages` / `language` are informative only (every rule runs on every text);
  * blank lines are skipped (no verdict).

Usage: py_screener.py --policies DIR INPUT [INPUT ...] [--output FILE] > verdicts.jsonl
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
import warnings

import yaml

try:  # the C loader is much faster, but optional
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_SPANS = 16
EXCERPT_MAX = 200

# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------


def _build_char_classes() -> tuple[str, str, str]:
    """Return (drop, whitespace, whitespace-but-space) class bodies for use inside [...]."""
    drop = []
    ws = []
    category = unicodedata.category
    # Cc, Cf and whitespace characters all live in planes 0-1 and the tags block of plane 14
    # (checked against unicodedata when this was written); scanning only those keeps start-up fast.
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000)):
        ch = chr(cp)
        if ch.isprintable():  # printable chars are neither Cc/Cf nor whitespace, except " "
            continue
        cat = category(ch)
        if cat in ("Cf", "Cc") and ch not in "\n\t":
            drop.append(cp)
        elif ch.isspace():
            ws.append(cp)

    def ranges(cps: list[int]) -> str:
        out = []
        i = 0
        while i < len(cps):
            j = i
            while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
                j += 1
            a, b = cps[i], cps[j]
            out.append(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}")
            i = j + 1
        return "".join(out)

    return ranges(drop), ranges([32] + ws), ranges(ws)


_DROP, _WS, _WS_NOSPACE = _build_char_classes()
_DROP_SET = re.compile(f"[{_DROP}]")
_WS_SET = re.compile(f"[{_WS}]")
# A run that changes something: two or more (whitespace|dropped) characters, or a single
# one that is not a plain space.
_FOLD = re.compile(f"[{_WS}{_DROP}]{{2,}}|[{_WS_NOSPACE}{_DROP}]")


class OffsetMap:
    """Maps [start, end) in normalised code points to [start, end) in original code points.

    `pieces` is a sorted list of (norm_start, norm_end, orig_start, orig_end, copy); a
    `copy` piece maps char-by-char, a block piece maps every char to the whole orig range.
    """

    __slots__ = ("starts", "pieces")

    def __init__(self, pieces: list[tuple[int, int, int, int, bool]]):
        self.pieces = pieces
        self.starts = [p[0] for p in pieces]

    def _piece(self, i: int) -> tuple[int, int, int, int, bool]:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.pieces[max(k, 0)]

    def span(self, s: int, e: int) -> tuple[int, int]:
        if not self.pieces:
            return s, e
        ns, _, os_, _, copy = self._piece(s)
        o_s = os_ + (s - ns) if copy else os_
        if e <= s:
            return o_s, o_s
        ns, _, os_, oe, copy = self._piece(e - 1)
        o_e = os_ + (e - ns) if copy else oe
        return o_s, o_e


IDENTITY = OffsetMap([])


def _fold_pieces(text: str, matches: list[re.Match[str]]) -> tuple[str, OffsetMap]:
    out: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    pos = 0  # in text
    npos = 0  # in output
    for m in matches:
        a, b = m.span()
        if a > pos:
            out.append(text[pos:a])
            pieces.append((npos, npos + a - pos, pos, a, True))
            npos += a - pos
        if _WS_SET.search(m.group()):
            out.append(" ")
            pieces.append((npos, npos + 1, a, b, False))
            npos += 1
        pos = b
    if pos < len(text):
        out.append(text[pos:])
        pieces.append((npos, npos + len(text) - pos, pos, len(text), True))
    return "".join(out), OffsetMap(pieces)


def _normalise_slow(text: str) -> tuple[str, OffsetMap]:
    """Text that is not NFKC-stable: NFKC per (starter + combining marks) cluster."""
    out: list[str] = []
    pieces: list[tuple[int, int, int, int, bool]] = []
    npos = 0
    n = len(text)
    i = 0
    combining = unicodedata.combining
    nfkc = unicodedata.normalize
    last_space = False
    while i < n:
        j = i + 1
        while j < n and combining(text[j]):
            j += 1
        cluster = text[i:j]
        rep = cluster if (j == i + 1 and cluster < "\x7f" and cluster >= " ") else nfkc("NFKC", cluster)
        for ch in rep:
            if _DROP_SET.match(ch):
                continue
            if _WS_SET.match(ch):
                if last_space:  # extend the folded run
                    s0, s1, o0, _, _ = pieces[-1]
                    pieces[-1] = (s0, s1, o0, j, False)
                    continue
                out.append(" ")
                pieces.append((npos, npos + 1, i, j, False))
                npos += 1
                last_space = True
                continue
            last_space = False
            out.append(ch)
            if pieces and not pieces[-1][4] and pieces[-1][3] == j and pieces[-1][2] == i:
                # another char produced by the same cluster: widen the block
                s0, s1, o0, o1, _ = pieces[-1]
                pieces[-1] = (s0, s1 + 1, o0, o1, False)
            elif rep == cluster and len(rep) == 1:
                if pieces and pieces[-1][4] and pieces[-1][1] == npos and pieces[-1][3] == i:
                    s0, s1, o0, o1, _ = pieces[-1]  # extend a char-by-char run
                    pieces[-1] = (s0, s1 + 1, o0, o1 + 1, True)
                else:
                    pieces.append((npos, npos + 1, i, j, True))
            else:
                pieces.append((npos, npos + 1, i, j, False))
            npos += 1
        i = j
    return "".join(out), OffsetMap(pieces)


def normalise(text: str) -> tuple[str, OffsetMap]:
    """NFKC, drop Cf/Cc (not \\n \\t), fold whitespace runs; with a map back to `text`."""
    # isprintable() is False for every Cc/Cf character and every whitespace but " ".
    if text.isprintable() and "  " not in text:
        if text.isascii() or unicodedata.is_normalized("NFKC", text):
            return text, IDENTITY
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        return _normalise_slow(text)
    matches = list(_FOLD.finditer(text))
    if not matches:
        return text, IDENTITY
    return _fold_pieces(text, matches)


# --------------------------------------------------------------------------------------
# PCRE2 -> Python re
# --------------------------------------------------------------------------------------

_H_BODY = r"\t \xa0\u1680\u180e\u2000-\u200a\u202f\u205f\u3000"
_V_BODY = r"\n\x0b\x0c\r\x85\u2028\u2029"
_UNSUPPORTED_ESC = {"K": "\\K (match reset)", "G": "\\G", "X": "\\X", "C": "\\C", "N": "\\N",
                    "g": "\\g back-reference/subroutine", "p": "\\p property", "P": "\\P property"}
_PROPS = {"L": r"^\W\d_", "Letter": r"^\W\d_"}  # \p{L} -> [^\W\d_]


class Untranslatable(ValueError):
    pass


def translate_pcre(p: str) -> str:
    """Translate the PCRE2 constructs Python spells differently; raise Untranslatable."""
    out: list[str] = []
    i = 0
    n = len(p)
    in_class = False
    class_start = 0
    while i < n:
        c = p[i]
        if c == "\\":
            if i + 1 >= n:
                raise Untranslatable("trailing backslash")
            d = p[i + 1]
            if d == "Q":  # \Q...\E literal
                end = p.find("\\E", i + 2)
                lit = p[i + 2:] if end < 0 else p[i + 2:end]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in lit) if in_class else re.escape(lit))
                i = n if end < 0 else end + 2
                continue
            if d == "E":
                i += 2
                continue
            if d == "x" and i + 2 < n and p[i + 2] == "{":
                end = p.index("}", i + 3)
                out.append(f"\\U{int(p[i + 3:end], 16):08x}")
                i = end + 1
                continue
            if d == "o" and i + 2 < n and p[i + 2] == "{":
                end = p.index("}", i + 3)
                out.append(f"\\U{int(p[i + 3:end], 8):08x}")
                i = end + 1
                continue
            if d in "hH":
                if in_class:
                    if d == "H":
                        raise Untranslatable("\\H inside a class")
                    out.append(_H_BODY)
                else:
                    out.append(f"[{'^' if d == 'H' else ''}{_H_BODY}]")
                i += 2
                continue
            if d in "vV":
                if in_class:
                    if d == "V":
                        raise Untranslatable("\\V inside a class")
                    out.append(_V_BODY)
                else:
                    out.append(f"[{'^' if d == 'V' else ''}{_V_BODY}]")
                i += 2
                continue
            if d == "R" and not in_class:
                out.append(f"(?:\\r\\n|[{_V_BODY}])")
                i += 2
                continue
            if d == "z":
                out.append("\\Z")
                i += 2
                continue
            if d == "Z" and not in_class:
                out.append("(?=\\n?\\Z)")
                i += 2
                continue
            if d == "e":
                out.append("\\x1b")
                i += 2
                continue
            if d == "k" and i + 2 < n and p[i + 2] in "<{'":
                close = {"<": ">", "{": "}", "'": "'"}[p[i + 2]]
                end = p.index(close, i + 3)
                out.append(f"(?P={p[i + 3:end]})")
                i = end + 1
                continue
            if d in "pP":
                if i + 2 < n and p[i + 2] == "{":
                    end = p.index("}", i + 3)
                    name = p[i + 3:end]
                else:
                    end = i + 2
                    name = p[i + 2] if i + 2 < n else ""
                neg = (d == "P") != name.startswith("^")
                name = name.lstrip("^")
                if name not in _PROPS:
                    raise Untranslatable(f"\\{d}{{{name}}} property")
                body = _PROPS[name]
                if in_class:
                    if neg or body.startswith("^"):
                        raise Untranslatable("negated property inside a class")
                    out.append(body)
                else:
                    if neg:
                        out.append(f"[{body[1:]}]" if body.startswith("^") else f"[^{body}]")
                    else:
                        out.append(f"[{body}]")
                i = end + 1
                continue
            if d in _UNSUPPORTED_ESC:
                raise Untranslatable(_UNSUPPORTED_ESC[d])
            out.append(p[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "[" and p.startswith("[:", i):
                raise Untranslatable("POSIX class [:...:]")
            if c == "]" and i > class_start:
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and p[i] == "^":
                out.append("^")
                i += 1
            if i < n and p[i] == "]":  # literal ] first in class
                out.append("\\]")
                i += 1
            class_start = i
            continue
        if c == "(":
            if p.startswith("(*", i):
                raise Untranslatable("PCRE2 verb (*...)")
            if p.startswith("(?<", i) and i + 3 < n and p[i + 3] not in "=!":
                out.append("(?P<")
                i += 3
                continue
            if p.startswith("(?'", i):
                end = p.index("'", i + 3)
                out.append(f"(?P<{p[i + 3:end]}>")
                i = end + 1
                continue
            if p.startswith("(?|", i) or p.startswith("(?R)", i) or p.startswith("(?&", i) or \
                    p.startswith("(?P>", i) or re.match(r"\(\?[+-]?\d", p[i:]):
                raise Untranslatable("branch reset / recursion / subroutine")
            if p.startswith("(?#", i):
                end = p.index(")", i)
                i = end + 1
                continue
            m = re.match(r"\(\?([a-zA-Z^-]+)\)", p[i:])
            if m and i > 0:
                raise Untranslatable("inline option change in mid-pattern")
            out.append(c)
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def compile_pattern(pattern: str, caseless: bool) -> re.Pattern[str]:
    py = translate_pcre(pattern)
    flags = re.UNICODE | (re.IGNORECASE if caseless else 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FutureWarning about nested sets etc. -> reject
        try:
            return re.compile(py, flags)
        except (re.error, Warning) as e:
            raise Untranslatable(str(e)) from e


# --------------------------------------------------------------------------------------
# Policy set
# --------------------------------------------------------------------------------------


class Rule:
    __slots__ = ("id", "category", "severity", "description", "rx", "target")

    def __init__(self, rid: str, category: str | None, severity: str, description: str,
                 rx: re.Pattern[str], target: str = "both"):
        self.id = rid
        self.category = category
        self.severity = severity
        self.description = description
        self.rx = rx
        self.target = target


class Category:
    def __init__(self, name: str):
        self.name = name
        self.refuse: list[Rule] = []
        self.forbid: list[Rule] = []
        self.allow_prompt: list[Rule] = []
        self.allow_response: list[Rule] = []


class PolicySet:
    def __init__(self, directory: str, log=sys.stderr):
        self.categories: list[Category] = []
        self.markers_opening: list[Rule] = []
        self.markers_anywhere: list[Rule] = []
        self.markers_all: list[Rule] = []
        self.refusal_allow: list[Rule] = []
        self.over_refusal = True
        self.opening_length = 300
        self.skipped: list[tuple[str, str]] = []
        h = hashlib.sha256()
        names = sorted(f for f in os.listdir(directory)
                       if f.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(directory, f)))
        if not names:
            raise SystemExit(f"py_screener: no policy files in {directory}")
        for name in names:
            with open(os.path.join(directory, name), "rb") as f:
                data = f.read()
            h.update(name.encode("utf-8") + b"\0" + data + b"\0")
            doc = yaml.load(data, Loader=_Loader) or {}
            if "category" not in doc and ("markers" in doc or name.rsplit(".", 1)[0] == "refusals"):
                self._load_refusals(doc, log)
            else:
                self._load_category(doc, log)
        self.digest = "sha256:" + h.hexdigest()
        for rid, why in self.skipped:
            print(f"py_screener: skipped rule {rid}: {why}", file=log)

    def _rule(self, r: dict, category: str | None, log) -> Rule | None:
        try:
            rx = compile_pattern(str(r["pattern"]), bool(r.get("caseless", True)))
        except Untranslatable as e:
            self.skipped.append((r.get("id", "?"), str(e)))
            return None
        return Rule(r["id"], category, r.get("severity", "low"), r.get("description", ""), rx,
                    r.get("target", "both"))

    def _load_category(self, doc: dict, log) -> None:
        cat = Category(doc["category"])
        for r in doc.get("refuse_prompts") or []:
            if (rule := self._rule(r, cat.name, log)):
                cat.refuse.append(rule)
        for r in doc.get("forbid_responses") or []:
            if (rule := self._rule(r, cat.name, log)):
                cat.forbid.append(rule)
        for r in doc.get("allow") or []:
            if (rule := self._rule(r, cat.name, log)):
                if rule.target in ("prompt", "both"):
                    cat.allow_prompt.append(rule)
                if rule.target in ("response", "both"):
                    cat.allow_response.append(rule)
        self.categories.append(cat)

    def _load_refusals(self, doc: dict, log) -> None:
        self.over_refusal = bool(doc.get("over_refusal", True))
        self.opening_length = int(doc.get("opening_length", 300))
        for r in doc.get("markers") or []:
            if (rule := self._rule(r, None, log)):
                (self.markers_anywhere if r.get("scope", "opening") == "anywhere"
                 else self.markers_opening).append(rule)
                self.markers_all.append(rule)
        for r in doc.get("allow") or []:
            if (rule := self._rule(r, None, log)):
                self.refusal_allow.append(rule)


# --------------------------------------------------------------------------------------
# Screening
# --------------------------------------------------------------------------------------


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    for c, d in spans:
        if a < d and c < b or (a == b and c <= a < d):
            return True
    return False


def _all_spans(rules: list[Rule], text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in rules:
        out.extend(m.span() for m in r.rx.finditer(text))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])\s+")


class Screener:
    def __init__(self, policy: PolicySet):
        self.p = policy

    # -- refusal detection ----------------------------------------------------------
    def refusal_marker(self, text: str, allow_cache: list | None = None) -> tuple[Rule, tuple[int, int]] | None:
        """First refusal marker (not cancelled by a refusal allow) in its scope."""
        p = self.p
        allow_spans = None
        opening = text[:p.opening_length]
        for group, t in ((p.markers_opening, opening), (p.markers_anywhere, text)):
            for rule in group:
                for m in rule.rx.finditer(t):
                    if allow_spans is None:
                        allow_spans = _all_spans(p.refusal_allow, text)
                    if allow_spans and _overlaps(m.start(), m.end(), allow_spans):
                        continue
                    return rule, m.span()
        return None

    def sentence_is_refusal(self, text: str, pos: int) -> bool:
        start = 0
        end = len(text)
        for m in _SENTENCE_END.finditer(text):
            if m.end() <= pos:
                start = m.end()
            elif m.start() >= pos:
                end = m.start()
                break
        sentence = text[start:end]
        allow_spans = None
        for rule in self.p.markers_all:
            for m in rule.rx.finditer(sentence):
                if allow_spans is None:
                    allow_spans = _all_spans(self.p.refusal_allow, sentence)
                if allow_spans and _overlaps(m.start(), m.end(), allow_spans):
                    continue
                return True
        return False

    # -- rules ------------------------------------------------------------------------
    @staticmethod
    def _rule_spans(rule: Rule, text: str, allow: list[Rule], cache: dict, key, keep=None) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for m in rule.rx.finditer(text):
            a, b = m.span()
            if allow:
                al = cache.get(key)
                if al is None:
                    al = cache[key] = _all_spans(allow, text)
                if _overlaps(a, b, al):
                    continue
            if keep is not None and not keep(a):
                continue
            spans.append((a, b))
            if len(spans) >= MAX_SPANS:
                break
        return spans

    def screen(self, prompt: str, response: str | None) -> tuple[bool | None, list[dict]]:
        p = self.p
        pn, pmap = normalise(prompt)
        cache: dict = {}
        prompt_hits: list[tuple[Rule, list[tuple[int, int]]]] = []
        for cat in p.categories:
            for rule in cat.refuse:
                if rule.rx.search(pn) is None:
                    continue
                spans = self._rule_spans(rule, pn, cat.allow_prompt, cache, ("p", cat.name))
                if spans:
                    prompt_hits.append((rule, spans))
        findings: list[dict] = []
        if response is None:
            refused = None
        else:
            rn, rmap = normalise(response)
            marker = self.refusal_marker(rn)
            refused = marker is not None
            if prompt_hits and not refused:
                for rule, spans in prompt_hits:
                    findings.append(_finding("missing_refusal", rule.category, rule.id, rule.severity,
                                             "prompt", spans, prompt, pmap))
            for cat in p.categories:
                for rule in cat.forbid:
                    if rule.rx.search(rn) is None:
                        continue
                    spans = self._rule_spans(rule, rn, cat.allow_response, cache, ("r", cat.name),
                                             keep=lambda a: not self.sentence_is_refusal(rn, a))
                    if spans:
                        findings.append(_finding("disallowed_content", rule.category, rule.id, rule.severity,
                                                 "response", spans, response, rmap))
            if refused and not prompt_hits and p.over_refusal:
                rule, span = marker  # type: ignore[misc]
                findings.append(_finding("over_refusal", None, rule.id, "low", "response", [span], response, rmap))
        return refused, findings


def _finding(kind: str, category: str | None, rule: str, severity: str, target: str,
             spans: list[tuple[int, int]], original: str, omap: OffsetMap) -> dict:
    ospans = [list(omap.span(a, b)) for a, b in spans]
    s0, e0 = ospans[0]
    return {"kind": kind, "category": category, "rule": rule, "severity": severity, "target": target,
            "span": ospans[0], "spans": ospans, "excerpt": original[s0:min(e0, s0 + EXCERPT_MAX)]}


# --------------------------------------------------------------------------------------
# Input lines
# --------------------------------------------------------------------------------------


class LineError(ValueError):
    pass


def _content_text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "\n".join(parts)
    if content is None:
        return ""
    raise LineError("message content must be a string or a list of parts")


def extract(obj: dict) -> tuple[str, str | None]:
    if "messages" in obj and "prompt" not in obj:
        msgs = obj["messages"]
        if not isinstance(msgs, list):
            raise LineError("'messages' must be an array")
        last_user = None
        for i, m in enumerate(msgs):
            if isinstance(m, dict) and m.get("role") == "user":
                last_user = i
        if last_user is None:
            raise LineError("no user message")
        prompt = _content_text(msgs[last_user].get("content"))
        response = None
        for m in msgs[last_user + 1:]:
            if isinstance(m, dict) and m.get("role") == "assistant":
                response = _content_text(m.get("content"))
                break
        return prompt, response
    prompt = obj.get("prompt")
    if not isinstance(prompt, str):
        raise LineError("missing string field 'prompt'")
    response = obj.get("response")
    if response is not None and not isinstance(response, str):
        raise LineError("'response' must be a string")
    return prompt, response


_CORE = {"id", "prompt", "response", "messages"}
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class _Clock:
    def __init__(self) -> None:
        self.sec = -1
        self.text = ""

    def now(self) -> str:
        s = int(time.time())
        if s != self.sec:
            self.sec = s
            self.text = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(s))
        return self.text


def screen_stream(screener: Screener, lines, fname: str, write) -> tuple[int, int]:
    """Screen an iterable of byte lines; call write(str) per verdict; returns (lines, bytes)."""
    digest = screener.p.digest
    clock = _Clock()
    loads = json.loads
    n = 0
    nbytes = 0
    for lineno, raw in enumerate(lines, 1):
        nbytes += len(raw)
        if not raw.strip():
            continue
        n += 1
        source = {"file": fname, "line": lineno}
        obj = None
        try:
            try:
                obj = loads(raw)
            except UnicodeDecodeError as e:
                raise LineError(f"invalid UTF-8 at byte {e.start}") from e
            except json.JSONDecodeError as e:
                raise LineError(f"invalid JSON at column {e.colno}: {e.msg}") from e
            if not isinstance(obj, dict):
                raise LineError("not a JSON object")
            prompt, response = extract(obj)
        except LineError as e:
            rid = obj.get("id") if isinstance(obj, dict) else None
            write(_dumps({"id": rid, "source": source, "verdict": "error",
                          "error": f"line {lineno}: {e}", "policy": digest,
                          "screened_at": clock.now()}) + "\n")
            continue
        refused, findings = screener.screen(prompt, response)
        meta = {k: v for k, v in obj.items() if k not in _CORE}
        rid = obj.get("id")
        write(_dumps({"id": rid if rid is None or isinstance(rid, str) else str(rid),
                      "source": source, "verdict": "flag" if findings else "pass",
                      "refused": refused, "findings": findings, "policy": digest,
                      "screened_at": clock.now(), "meta": meta}) + "\n")
    return n, nbytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Reference Python screener (benchmark baseline).")
    ap.add_argument("--policies", required=True, help="policy directory")
    ap.add_argument("--output", "-o", help="verdict file (default stdout)")
    ap.add_argument("--stats", action="store_true", help="print throughput on stderr")
    ap.add_argument("--check", action="store_true",
                    help="only load the policies and print a JSON summary (rules compiled, skipped)")
    ap.add_argument("inputs", nargs="*", help="JSONL files ('-' for stdin)")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    if a.check:
        policy = PolicySet(a.policies, log=open(os.devnull, "w"))
        rules = sum(len(c.refuse) + len(c.forbid) + len(c.allow_prompt) + len(c.allow_response)
                    - len(set(map(id, c.allow_prompt)) & set(map(id, c.allow_response)))
                    for c in policy.categories) + len(policy.markers_all) + len(policy.refusal_allow)
        print(json.dumps({"policy": policy.digest, "compiled": rules, "skipped": len(policy.skipped),
                          "skipped_rules": [{"id": r, "why": w} for r, w in policy.skipped]}, ensure_ascii=False))
        return 0
    if not a.inputs:
        ap.error("no input files")
    policy = PolicySet(a.policies)
    screener = Screener(policy)
    t1 = time.perf_counter()
    out = open(a.output, "w", encoding="utf-8", buffering=1 << 20) if a.output else \
        open(sys.stdout.fileno(), "w", encoding="utf-8", buffering=1 << 20, closefd=False)
    total_lines = total_bytes = 0
    try:
        for path in a.inputs:
            if path == "-":
                k, b = screen_stream(screener, sys.stdin.buffer, "-", out.write)
            else:
                with open(path, "rb", buffering=1 << 20) as f:
                    k, b = screen_stream(screener, f, os.path.basename(path), out.write)
            total_lines += k
            total_bytes += b
    finally:
        out.flush()
        if a.output:
            out.close()
    t2 = time.perf_counter()
    if a.stats:
        dt = t2 - t1
        print(f"py_screener: {total_lines} lines, {total_bytes / 1e6:.2f} MB in {dt:.2f} s "
              f"({total_bytes / 1e6 / dt:.2f} MB/s, {total_lines / dt:.0f} items/s; policy load {t1 - t0:.2f} s, "
              f"{sum(len(c.refuse) + len(c.forbid) for c in policy.categories)} rules, "
              f"{len(policy.markers_all)} markers, {len(policy.skipped)} skipped)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
