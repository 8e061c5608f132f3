"""A strict check of a PO or POT file, finding what ``msgfmt --check`` rejects, before Babel reads it.

Babel's reader is lenient: it reads ``msgstr "Lokal`` (no closing quote) as ``Loka``, keeps the
last of two definitions of a msgid, and passes over ``\\q``. ``check_po`` reads the file as GNU
gettext 0.21 does (its lexer, its grammar, then msgfmt's checks of the header, of plural forms,
of ``\\n`` at both ends and of Python format strings) and returns every problem with its line,
worded as msgfmt words it so translators recognise it.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field

from trainkit.reader.source import wide_encoding

SYNTAX, DUPLICATE, NEWLINE, PLURAL, HEADER, FORMAT, ENCODING = (
    "i18n.po-syntax", "i18n.po-duplicate", "i18n.po-newline", "i18n.po-plural", "i18n.po-header",
    "i18n.po-format", "i18n.po-encoding")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in a PO file."""

    line: int
    """1-based line the problem is reported at (msgfmt's line where msgfmt reports one)."""
    message: str
    code: str
    """One of the ``i18n.po-*`` codes above."""


def check_po(data: bytes, nplurals: int | None = None) -> list[Finding]:
    """Every problem of the PO or POT file ``data``, in line order; empty when the file is sound.

    ``nplurals`` is the number of plural forms of the catalog's language, when known: a header
    whose ``Plural-Forms`` declares another number is reported too.
    """
    wide = wide_encoding(data)
    if wide:  # read as UTF-8 it would give an error for nearly every line; one says what is wrong
        return [Finding(1, f"the file is saved as {wide}; trainkit reads PO files only as UTF-8 "
                           "(convert it with 'msgconv --to-code=UTF-8')", ENCODING)]
    findings: list[Finding] = []
    lines = _decode(data, findings)
    tokens = _lex(lines, data.endswith(b"\n") or not data, findings)
    messages = _Parser(tokens, findings).parse()
    findings += _duplicates(messages)
    header = next((m for m in messages if m.is_header), None)
    distribution = _check_header(header, messages, nplurals, findings)
    for message in messages:
        if message.compiled:
            findings += _newlines(message)
            findings += _formats(message, distribution)
    return sorted(set(findings))


# --- bytes to lines ------------------------------------------------------------------


def _decode(data: bytes, findings: list[Finding]) -> list[str]:
    """The file's lines as text; bytes that are not UTF-8 are reported and replaced."""
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding(1, "syntax error: the file starts with a byte order mark (U+FEFF); "
                                   "save it as UTF-8 without BOM", SYNTAX))
        data = data[3:]
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            findings.append(Finding(number, f"invalid multibyte sequence (byte 0x{raw[exc.start]:02x}): "
                                            "trainkit reads PO files only as UTF-8", ENCODING))
            lines.append(raw.decode("utf-8", errors="replace"))
    return lines


# --- lexer: gettext's po-lex.c -------------------------------------------------------

_KEYWORDS = {"domain": "DOMAIN", "msgid": "MSGID", "msgid_plural": "MSGID_PLURAL", "msgstr": "MSGSTR",
             "msgctxt": "MSGCTXT"}
_PREVIOUS_KEYWORDS = {"msgid": "PREV_MSGID", "msgid_plural": "PREV_MSGID_PLURAL", "msgctxt": "PREV_MSGCTXT"}
_CONTROL = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_NAME_START = re.compile(r"[A-Za-z_$]")
_NAME = re.compile(r"[A-Za-z0-9_$]*")


@dataclass(frozen=True)
class _Token:
    kind: str
    """COMMENT, DOMAIN, MSGCTXT, MSGID, MSGID_PLURAL, MSGSTR, PREV_*, STRING, PREV_STRING, NAME, NUMBER, [, ], JUNK."""
    line: int
    text: str = ""
    obsolete: bool = False
    after_string: bool = False
    """Written right after a string's closing quote, as in ``"Will "kommen""``."""


def _lex(lines: list[str], ends_with_newline: bool, findings: list[Finding]) -> list[_Token]:
    tokens: list[_Token] = []
    for number, line in enumerate(lines, start=1):
        last_line = number == len(lines) and not ends_with_newline
        tokens += _lex_line(line, number, last_line, findings)
    return tokens


def _lex_line(line: str, number: int, last_line: bool, findings: list[Finding]) -> list[_Token]:
    """The tokens of one line; ``#~`` (obsolete) and ``#|`` (previous) last to the end of the line."""
    tokens: list[_Token] = []
    obsolete = previous = False
    i = 0
    glued = False
    while i < len(line):
        char = line[i]
        if char in " \t\r\f\v":
            i, glued = i + 1, False
            continue
        if char == "#":
            if line.startswith("#~", i):
                obsolete, i = True, i + 2
                if line.startswith("|", i):
                    previous, i = True, i + 1
                continue
            if line.startswith("#|", i):
                previous, i = True, i + 2
                continue
            tokens.append(_Token("COMMENT", number, line[i:], obsolete))
            break
        if char == '"':
            text, i = _string(line, i, number, last_line, findings)
            tokens.append(_Token("PREV_STRING" if previous else "STRING", number, text, obsolete, glued))
            glued = True
            continue
        if _NAME_START.match(char):
            name = char + _NAME.match(line, i + 1).group()
            i += len(name)
            kind = (_PREVIOUS_KEYWORDS if previous else _KEYWORDS).get(name, "NAME")
            if kind == "NAME":
                hint = "; a quotation mark inside a string is written \\\"" if glued else ""
                findings.append(Finding(number, f'keyword "{name}" unknown{hint}', SYNTAX))
            tokens.append(_Token(kind, number, name, obsolete, glued))
        elif char.isdigit() and char.isascii():
            digits = re.match(r"[0-9]+", line[i:]).group()
            tokens.append(_Token("NUMBER", number, digits, obsolete, glued))
            i += len(digits)
        elif char in "[]":
            tokens.append(_Token(char, number, char, obsolete, glued))
            i += 1
        else:
            tokens.append(_Token("JUNK", number, char, obsolete, glued))
            i += 1
        glued = False
    return tokens


_PLAIN_RUN = re.compile(r'[^"\\]*')
"""Characters a string holds as they are: anything but its closing quote and an escape."""


def _string(line: str, start: int, number: int, last_line: bool, findings: list[Finding]) -> tuple[str, int]:
    """The value of the string opening at ``line[start]``, and the index after its closing quote."""
    out: list[str] = []
    i = start + 1
    while i < len(line):
        plain = _PLAIN_RUN.match(line, i).end()  # the characters up to a quote or backslash, at once
        out.append(line[i:plain])
        if plain == len(line):
            i = plain
            break
        if line[plain] == '"':
            value = "".join(out)
            if "\x04" in value:
                findings.append(Finding(number, "context separator <EOT> within string", SYNTAX))
            return value, plain + 1
        text, i = _escape(line, plain, number, findings)  # line[plain] is a backslash
        out.append(text)
    where = "end-of-file" if last_line else "end-of-line"
    findings.append(Finding(number, f"{where} within string (the closing '\"' is missing)", SYNTAX))
    return "".join(out), i


def _escape(line: str, at: int, number: int, findings: list[Finding]) -> tuple[str, int]:
    """The character the escape at ``line[at]`` (a backslash) stands for, and the index after it."""
    code = line[at + 1:at + 2]
    if code in _CONTROL:
        return _CONTROL[code], at + 2
    octal = re.match(r"[0-7]{1,3}", line[at + 1:])
    hexadecimal = re.match(r"x[0-9A-Fa-f]+", line[at + 1:])
    found = octal or hexadecimal
    if found:
        # Valid for gettext, but Babel's reader would keep the digits as text.
        findings.append(Finding(number, f"escape sequence '\\{found.group()}' is not supported by trainkit; "
                                        "write the character itself", SYNTAX))
        digits = found.group()
        value = int(digits[1:], 16) if digits.startswith("x") else int(digits, 8)
        return chr(value % 0x110000), at + 1 + len(digits)
    shown = f"'\\{code}'" if code else "'\\' at the end of the line"
    findings.append(Finding(number, f"invalid control sequence {shown} (a backslash is written \\\\)", SYNTAX))
    return " ", at + 1  # as gettext does, the character after the backslash is read again


# --- parser: gettext's po-gram-gen.y ---------------------------------------------------


@dataclass
class _Message:
    """One entry as gettext's grammar reads it."""

    msgid: str
    msgid_line: int
    msgstr: list[str]
    msgstr_line: int
    """The line of ``msgstr`` (of ``msgstr[0]`` for plural entries): msgfmt reports problems there."""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    obsolete: bool = False
    flags: frozenset[str] = frozenset()
    msgstr_parts: list[tuple[int, str]] = field(default_factory=list)
    """Each string of a singular msgstr with its line, to point into the header."""

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def compiled(self) -> bool:
        """Whether msgfmt would compile it: live, translated, not fuzzy, not the header."""
        return (not self.obsolete and not self.is_header and self.msgstr[0] != ""
                and "fuzzy" not in self.flags)


_STARTS = ("COMMENT", "DOMAIN", "MSGID", "MSGCTXT", "PREV_MSGID", "PREV_MSGCTXT")
"""Tokens the parser can resume at after a syntax error (what may follow a whole entry)."""


class _SyntaxError(Exception):
    def __init__(self, token: _Token | None) -> None:
        super().__init__()
        self.token = token


class _Parser:
    """A recursive-descent reading of gettext's grammar, with bison's recovery after errors."""

    def __init__(self, tokens: list[_Token], findings: list[Finding]) -> None:
        self.tokens, self.findings = tokens, findings
        self.at = 0
        self.quiet = 0  # like bison, stay silent until three tokens were read after an error
        self.flags: set[str] = set()

    def peek(self, ahead: int = 0) -> _Token | None:
        at = self.at + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def kind(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.kind if token else "EOF"

    def take(self, *kinds: str) -> _Token:
        token = self.peek()
        if token is None or token.kind not in kinds:
            raise _SyntaxError(token)
        self.at += 1
        self.quiet = max(0, self.quiet - 1)
        return token

    def parse(self) -> list[_Message]:
        messages: list[_Message] = []
        while self.peek() is not None:
            start = self.at
            try:
                message = self.item()
            except _SyntaxError as error:
                self.syntax_error(error.token, start)
                continue
            if message is not None:
                messages.append(message)
        return messages

    def syntax_error(self, token: _Token | None, start: int) -> None:
        """Report an unexpected token (unless an error was just reported), then skip to where an entry can begin."""
        if self.quiet == 0:
            self.report(token)
        self.quiet = 3
        self.flags = set()
        if self.at == start or (token is not None and token.kind not in _STARTS):
            self.at += 1
        while self.peek() is not None and self.kind() not in _STARTS:
            self.at += 1

    def report(self, token: _Token | None) -> None:
        line = token.line if token else (self.tokens[-1].line if self.tokens else 1)
        if token is not None and token.kind == "NAME":
            return  # the lexer already said 'keyword "..." unknown' on this line
        if token is None:
            message = "syntax error: the file ends in the middle of an entry"
        elif token.after_string and token.kind in ("JUNK", "NUMBER", "STRING"):
            message = (f"syntax error: unexpected {token.text!r} after a string; "
                       "a quotation mark inside a string is written \\\"")
        else:
            message = f"syntax error: unexpected {_describe(token)}"
        self.findings.append(Finding(line, message, SYNTAX))

    def item(self) -> _Message | None:
        kind = self.kind()
        if kind == "COMMENT":
            text = self.take("COMMENT").text
            if text.startswith("#,"):
                self.flags |= {flag.strip() for flag in re.split(r"[,\s]+", text[2:]) if flag.strip()}
            return None
        if kind == "DOMAIN":
            token = self.take("DOMAIN")
            name = self.take("STRING").text
            self.findings.append(Finding(token.line, f"'domain {name}' directive ignored: a trainkit catalog "
                                                     "holds one domain", SYNTAX))
            return None
        return self.message()

    def strings(self, kind: str = "STRING") -> tuple[str, list[_Token]]:
        parts = [self.take(kind)]
        while self.kind() == kind:
            parts.append(self.take(kind))
        return "".join(t.text for t in parts), parts

    def message(self) -> _Message | None:
        used: list[_Token] = []
        flags, self.flags = self.flags, set()
        if self.kind() in ("PREV_MSGCTXT", "PREV_MSGID"):
            used.append(self.take("PREV_MSGCTXT", "PREV_MSGID"))
            if used[-1].kind == "PREV_MSGCTXT":
                used += self.strings("PREV_STRING")[1]
                used.append(self.take("PREV_MSGID"))
            used += self.strings("PREV_STRING")[1]
            if self.kind() == "PREV_MSGID_PLURAL":
                used.append(self.take("PREV_MSGID_PLURAL"))
                used += self.strings("PREV_STRING")[1]
        msgctxt = None
        if self.kind() == "MSGCTXT":
            used.append(self.take("MSGCTXT"))
            msgctxt, parts = self.strings()
            used += parts
        keyword = self.take("MSGID")
        used.append(keyword)
        msgid, parts = self.strings()
        used += parts
        message = _Message(msgid, keyword.line, [], 0, msgctxt, obsolete=keyword.obsolete, flags=frozenset(flags))
        if self.kind() == "MSGID_PLURAL":
            used.append(self.take("MSGID_PLURAL"))
            message.msgid_plural, parts = self.strings()
            used += parts
            if self.kind() != "MSGSTR":
                return self.missing(message, used, "missing 'msgstr[]' section")
            used += self.plural_forms(message)
        elif self.kind() == "MSGSTR" and self.kind(1) == "[":
            self.plural_forms(message)
            return self.missing(message, used, "missing 'msgid_plural' section")
        elif self.kind() == "MSGSTR":
            msgstr_keyword = self.take("MSGSTR")
            text, parts = self.strings()
            message.msgstr, message.msgstr_line = [text], msgstr_keyword.line
            message.msgstr_parts = [(t.line, t.text) for t in parts]
            used += [msgstr_keyword, *parts]
        else:
            return self.missing(message, used, "missing 'msgstr' section")
        self.consistent(message, used)
        return message

    def plural_forms(self, message: _Message) -> list[_Token]:
        """``msgstr[N]`` sections, which must be numbered 0, 1, 2..."""
        used: list[_Token] = []
        while self.kind() == "MSGSTR":
            keyword = self.take("MSGSTR")
            used += [keyword, self.take("[")]
            number = self.take("NUMBER")
            used += [number, self.take("]")]
            text, parts = self.strings()
            used += parts
            if int(number.text) != len(message.msgstr):
                wrong = "first plural form has nonzero index" if not message.msgstr else "plural form has wrong index"
                self.findings.append(Finding(keyword.line, f"{wrong} (msgstr[{number.text}] where "
                                                           f"msgstr[{len(message.msgstr)}] belongs)", SYNTAX))
            if not message.msgstr:
                message.msgstr_line = keyword.line
            message.msgstr.append(text)
        return used

    def missing(self, message: _Message, used: list[_Token], text: str) -> None:
        self.consistent(message, used)
        self.findings.append(Finding(message.msgid_line, text, SYNTAX))
        return None

    def consistent(self, message: _Message, used: list[_Token]) -> None:
        """Every line of an entry is obsolete (``#~``) or none is."""
        for token in used:
            if token.obsolete != message.obsolete:
                self.findings.append(Finding(token.line, "inconsistent use of #~ (an entry is obsolete on "
                                                         "every line or on none)", SYNTAX))
                return


def _describe(token: _Token) -> str:
    names = {"STRING": "string", "PREV_STRING": "string", "NUMBER": f"number {token.text}",
             "COMMENT": "comment", "JUNK": repr(token.text), "[": "'['", "]": "']'"}
    keyword = token.text if token.kind not in names else None
    return f"'{keyword}'" if keyword else names[token.kind]


# --- the checks msgfmt makes -------------------------------------------------------


def _duplicates(messages: list[_Message]) -> list[Finding]:
    first: dict[tuple[str | None, str], _Message] = {}
    found = []
    for message in messages:
        key = (message.msgctxt, message.msgid)
        if key in first:
            found.append(Finding(message.msgid_line, "duplicate message definition; the first definition is at "
                                                     f"line {first[key].msgstr_line}", DUPLICATE))
        else:
            first[key] = message
    return found


def _newlines(message: _Message) -> list[Finding]:
    """msgid, msgid_plural and every msgstr must all begin, and all end, with ``\\n`` or none."""
    found = []
    forms = [("msgid_plural", message.msgid_plural)] if message.msgid_plural is not None else []
    if message.msgid_plural is None:
        forms.append(("msgstr", message.msgstr[0]))
    else:
        forms += [(f"msgstr[{i}]", text) for i, text in enumerate(message.msgstr)]
    for where, test in (("begin", lambda s: s.startswith("\n")), ("end", lambda s: s.endswith("\n"))):
        expected = test(message.msgid)
        for name, text in forms:
            if test(text) != expected:
                found.append(Finding(message.msgstr_line, f"'msgid' and '{name}' entries do not both {where} "
                                                           "with '\\n'", NEWLINE))
    return found


@dataclass(frozen=True)
class _Distribution:
    """Which plural forms the Plural-Forms expression picks for many numbers (msgfmt's ``often``)."""

    often: tuple[bool, ...] = (False, True)


def _check_header(header: _Message | None, messages: list[_Message], nplurals: int | None,
                  findings: list[Finding]) -> _Distribution | None:
    """Charset and Plural-Forms of the header; the plural distribution when it is sound."""
    if header is None:
        findings.append(Finding(1, "PO file header missing or invalid: trainkit needs a header entry "
                                   "(msgid \"\") with \"Content-Type: text/plain; charset=UTF-8\"", HEADER))
        return None
    text = header.msgstr[0] if header.msgstr else ""
    _check_charset(header, text, findings)
    plural_entries = [m for m in messages if m.compiled and m.msgid_plural is not None]
    plural_at, nplurals_at = text.find("plural="), text.find("nplurals=")
    if plural_at < 0 or nplurals_at < 0:
        if plural_entries:
            lacking = " and ".join(f'"{a}"' for a, at in (("nplurals=INTEGER", nplurals_at),
                                                           ("plural=EXPRESSION", plural_at)) if at < 0)
            findings.append(Finding(header.msgstr_line, f"message catalog has plural form translations (line "
                                                        f"{plural_entries[0].msgstr_line}), but header entry lacks "
                                                        f"a {lacking} attribute in Plural-Forms", HEADER))
        return _Distribution()
    count = re.match(r"\s*([0-9]+)", text[nplurals_at + 9:])
    problems: list[str] = []
    if count is None:
        problems.append("invalid nplurals value")
    expression = re.split(r"[;\n]", text[plural_at + 7:], maxsplit=1)[0]
    try:
        plural = gettext.c2py(expression)
    except ValueError:
        problems.append("invalid plural expression")
    if problems:
        findings += [Finding(header.msgstr_line, f"{p} in Plural-Forms", HEADER) for p in problems]
        return None
    value = int(count.group(1))
    distribution = _evaluate(plural, value, header, findings)
    if distribution is None:
        return None
    if nplurals is not None and nplurals != value:
        findings.append(Finding(header.msgstr_line, f"Plural-Forms declares nplurals={value}, but the catalog's "
                                                    f"language has {nplurals} plural forms", PLURAL))
    for message in plural_entries:
        forms = len(message.msgstr)
        if forms != value:
            has = "only one plural form" if forms == 1 else f"{'only ' if forms < value else ''}{forms} plural forms"
            findings.append(Finding(message.msgstr_line, f"nplurals = {value} (header, line {header.msgstr_line}), "
                                                         f"but this message has {has}", PLURAL))
    return distribution


def _check_charset(header: _Message, text: str, findings: list[Finding]) -> None:
    """trainkit reads PO files as UTF-8 only: the header must say so."""
    line = next((number for number, part in header.msgstr_parts if "charset=" in part), header.msgstr_line)
    found = re.search(r"charset=([^\s;]*)", text)
    if found is None or not found.group(1):
        findings.append(Finding(line, "header has no charset in Content-Type; trainkit reads only UTF-8: write "
                                      '"Content-Type: text/plain; charset=UTF-8\\n"', HEADER))
    elif found.group(1).upper() != "UTF-8":
        findings.append(Finding(line, f"charset '{found.group(1)}' is not supported: trainkit reads only UTF-8 "
                                      "(convert the file with 'msgconv --to-code=UTF-8')", HEADER))


def _evaluate(plural, nplurals: int, header: _Message, findings: list[Finding]) -> _Distribution | None:
    """Run the plural expression for n = 0..1000 as msgfmt does; None when it misbehaves."""
    counts = [0] * nplurals
    for n in range(1001):
        try:
            value = int(plural(n))
        except ZeroDivisionError:
            findings.append(Finding(header.msgstr_line, "plural expression can produce division by zero", HEADER))
            return None
        if value < 0:
            findings.append(Finding(header.msgstr_line, "plural expression can produce negative values", HEADER))
            return None
        if value >= nplurals:
            findings.append(Finding(header.msgstr_line, f"nplurals = {nplurals} but plural expression can produce "
                                                        f"values as large as {value}", HEADER))
            return None
        counts[value] += 1
    return _Distribution(tuple(count >= 5 for count in counts))


# --- format strings ------------------------------------------------------------------

FORMAT_FLAGS = ("python-format", "python-brace-format")
"""The format flags checked here (trainkit's own catalog uses python-brace-format)."""


class InvalidFormat(ValueError):
    """A string that is not a valid format string of its kind; the message is gettext's reason."""

    def __init__(self, reason: str, spans: tuple[tuple[int, int], ...] = (), at: int = 0, directive: int = 0) -> None:
        super().__init__(reason)
        self.spans = spans
        """The directives that parsed before the invalid one."""
        self.at, self.directive = at, directive
        """Where gettext marks the error, and where the directive it is in starts."""


@dataclass(frozen=True)
class FormatSpec:
    """The arguments a format string uses, and where its directives are."""

    named: dict[str, str]
    """Argument name -> type letter (python-format) or ``""`` (python-brace-format)."""
    unnamed: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    """``(start, end)`` of each directive, end inclusive: gettext never breaks a line inside one."""


def parse_format(text: str, flag: str) -> FormatSpec:
    """The arguments of ``text`` read as a ``flag`` format string; raises InvalidFormat."""
    return _parse_python(text) if flag == "python-format" else _parse_brace(text)


def directive_spans(text: str, flag: str) -> tuple[tuple[int, int], ...]:
    """Where gettext 0.21 keeps ``text`` together as format directives when it wraps a line."""
    if flag == "python-brace-format":
        return _gettext_brace_spans(text)
    try:
        return parse_format(text, flag).spans
    except InvalidFormat as exc:
        return exc.spans  # the directives before the invalid one


def _gettext_brace_spans(text: str) -> tuple[tuple[int, int], ...]:
    """What gettext 0.21 keeps together in a python-brace-format string.

    gettext 0.21 records the start and end of a brace directive relative to the directive rather
    than to the string, so msgcat breaks inside ``{a.b}`` and ``{n:>10}``; the one stretch it
    keeps together runs from the string's second character to the length of its shortest
    directive (or nothing, when an error mark comes first).
    """
    try:
        ends, error = [end - start for start, end in _parse_brace(text).spans], None
    except InvalidFormat as exc:
        ends, error = [end - start for start, end in exc.spans], exc.at - exc.directive
    if not ends:
        return ()
    first = min(ends + ([error] if error is not None else []))
    return () if first == error else ((0, first),)


_PYTHON_TYPES = {"%": "", "c": "c", "s": "s", "r": "s", "i": "i", "d": "i", "u": "i", "o": "i", "x": "i",
                 "X": "i", "e": "f", "E": "f", "f": "f", "g": "f", "G": "f"}


def _parse_python(text: str) -> FormatSpec:
    """``%``-directives: ``%(name)s`` or unnamed ``%s``, never both (gettext's format-python.c)."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    spans: list[tuple[int, int]] = []
    number = 0
    i = 0
    while i < len(text):
        if text[i] != "%":
            i += 1
            continue
        start, number = i, number + 1
        i += 1
        name = None
        if text[i:i + 1] == "(":
            depth, j = 0, i + 1
            while j < len(text) and not (text[j] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                j += 1
            if j >= len(text):
                raise InvalidFormat("The string ends in the middle of a directive.", tuple(spans))
            name, i = text[i + 1:j], j + 1
        while text[i:i + 1] in ("-", "+", " ", "#", "0") and i < len(text):
            i += 1
        i = _python_number(text, i, named, unnamed, spans)
        zero = False
        if text[i:i + 1] == ".":
            digits = re.match(r"[0-9]*", text[i + 1:]).group()
            zero = digits != "" and set(digits) == {"0"}
            i = _python_number(text, i + 1, named, unnamed, spans)
        if text[i:i + 1] in ("h", "l", "L"):
            i += 1
        conversion = text[i:i + 1]
        if conversion == "":
            raise InvalidFormat("The string ends in the middle of a directive.", tuple(spans))
        if conversion not in _PYTHON_TYPES:
            raise InvalidFormat(f"In the directive number {number}, the character '{conversion}' is not a valid "
                                "conversion specifier.", tuple(spans))
        kind = "any" if zero and conversion in "sr" else _PYTHON_TYPES[conversion]
        if name is not None:
            if unnamed:
                raise InvalidFormat(_MIXED, tuple(spans))
            if name in named and kind != named[name] and "any" not in (kind, named[name]):
                raise InvalidFormat(f"The string refers to the argument named '{name}' in incompatible ways.",
                                    tuple(spans))
            named[name] = named[name] if named.get(name, "any") != "any" else kind
        elif conversion != "%":
            if named:
                raise InvalidFormat(_MIXED, tuple(spans))
            unnamed.append(kind)
        spans.append((start, i))
        i += 1
    return FormatSpec(named, tuple(unnamed), tuple(spans))


def _python_number(text: str, i: int, named: dict, unnamed: list, spans: list) -> int:
    """Skip a width or precision: digits, or ``*`` (an unnamed integer argument)."""
    if text[i:i + 1] == "*":
        if named:
            raise InvalidFormat(_MIXED, tuple(spans))
        unnamed.append("i")
        return i + 1
    return i + len(re.match(r"[0-9]*", text[i:]).group())


_MIXED = ("The string refers to arguments both through argument names and through unnamed argument "
          "specifications.")
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_NAME_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parse_brace(text: str) -> FormatSpec:
    """``{name}``, ``{0}``, ``{a.b}``, ``{a[0]}``, ``{a:>10}`` directives; ``{{`` is a brace (format-python-brace.c)."""
    names: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i] != "{":
            i += 1
            continue
        if text.startswith("{{", i):
            i += 2
            continue
        end, name = _brace_directive(text, i, len(spans), True, tuple(spans))
        names[name] = ""
        spans.append((i, end))
        i = end + 1
    return FormatSpec(names, (), tuple(spans))


def _brace_directive(text: str, start: int, number: int, top: bool, spans: tuple) -> tuple[int, str]:
    """The index of the ``}`` closing the directive at ``text[start]``, and its field name."""
    field_name = _FIELD.match(text, start + 1)
    if field_name is None:
        raise InvalidFormat(f"In the directive number {number}, '{text[start + 1:start + 2]}' cannot start a "
                            "field name.", spans, start + 1, start)
    i = field_name.end()
    while text[i:i + 1] in (".", "["):
        if text[i] == ".":
            part = _NAME_FIELD.match(text, i + 1)
            if part is None:
                raise InvalidFormat(f"In the directive number {number}, '{text[i + 1:i + 2]}' cannot start a "
                                    "getattr argument.", spans, i + 1, start)
            i = part.end()
        else:
            part = _FIELD.match(text, i + 1)
            if part is None:
                raise InvalidFormat(f"In the directive number {number}, '{text[i + 1:i + 2]}' cannot start a "
                                    "getitem argument.", spans, i + 1, start)
            i = part.end()
            if text[i:i + 1] != "]":
                raise InvalidFormat("The string ends in the middle of a directive.", spans, i + 1, start)
            i += 1
    if text[i:i + 1] == ":":
        if not top:
            raise InvalidFormat(f"In the directive number {number}, no more nesting is allowed in a format "
                                "specifier.", spans, i, start)
        i += 1
        if text[i:i + 1] == "{":
            i, _ = _brace_directive(text, i, number, False, spans)
            i += 1
        else:
            spec = re.match(r"(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?", text[i:])
            i += len(spec.group())
        if text[i:i + 1] != "}":
            raise InvalidFormat("The string ends in the middle of a directive.", spans, i, start)
    if text[i:i + 1] != "}":
        raise InvalidFormat(f"In the directive number {number}, there is an unterminated format directive.", spans,
                            i, start)
    # gettext compares whole directives: "{n}" and "{n:>3}" are different arguments.
    return i, text[start + 1:i]


def _formats(message: _Message, distribution: _Distribution | None) -> list[Finding]:
    """Each translation must use the arguments of its source text (``#, python-format`` and the like)."""
    found = []
    source, source_name = ((message.msgid_plural, "msgid_plural") if message.msgid_plural is not None
                           else (message.msgid, "msgid"))
    for flag in FORMAT_FLAGS:
        if flag not in message.flags:
            continue
        pretty = "Python" if flag == "python-format" else "Python brace"
        try:
            expected = parse_format(source, flag)
        except InvalidFormat:
            continue  # gettext checks translations only against a valid source
        for index, text in enumerate(message.msgstr):
            name = "msgstr" if message.msgid_plural is None else f"msgstr[{index}]"
            strict = (message.msgid_plural is None or len(message.msgstr) < 2
                      or (distribution is not None and index < len(distribution.often)
                          and distribution.often[index]))
            try:
                actual = parse_format(text, flag)
            except InvalidFormat as exc:
                found.append(Finding(message.msgstr_line, f"'{name}' is not a valid {pretty} format string, "
                                                          f"unlike '{source_name}'. Reason: {exc.args[0]}", FORMAT))
                continue
            compare = _compare_python if flag == "python-format" else _compare_brace
            problem = compare(expected, actual, strict, source_name, name)
            if problem:
                found.append(Finding(message.msgstr_line, problem, FORMAT))
    return found


def _compare_python(source: FormatSpec, target: FormatSpec, strict: bool, source_name: str,
                    target_name: str) -> str | None:
    """gettext's verdict on a ``python-format`` translation, or None when it agrees."""
    if source.named and target.unnamed:
        return f"format specifications in '{source_name}' expect a mapping, those in '{target_name}' expect a tuple"
    if source.unnamed and target.named:
        return f"format specifications in '{source_name}' expect a tuple, those in '{target_name}' expect a mapping"
    extra = [(name, "extra") for name in set(target.named) - set(source.named)]
    missing = [(name, "missing") for name in set(source.named) - set(target.named)] if strict else []
    for name, kind in sorted(extra + missing)[:1]:
        if kind == "extra":
            return (f"a format specification for argument '{name}', as in '{target_name}', doesn't exist in "
                    f"'{source_name}'")
        return f"a format specification for argument '{name}' doesn't exist in '{target_name}'"
    for name in sorted(set(source.named) & set(target.named)):
        a, b = source.named[name], target.named[name]
        if a != b and (strict or "any" not in (a, b)):
            return (f"format specifications in '{source_name}' and '{target_name}' for argument '{name}' are not "
                    "the same")
    if source.unnamed or target.unnamed:
        if len(source.unnamed) != len(target.unnamed):
            return f"number of format specifications in '{source_name}' and '{target_name}' does not match"
        for number, (a, b) in enumerate(zip(source.unnamed, target.unnamed), start=1):
            if a != b and (strict or "any" not in (a, b)):
                return (f"format specifications in '{source_name}' and '{target_name}' for argument {number} are "
                        "not the same")
    return None


def _compare_brace(source: FormatSpec, target: FormatSpec, strict: bool, source_name: str,
                   target_name: str) -> str | None:
    """gettext's verdict on a ``python-brace-format`` translation: the same names (strict) or a subset."""
    if not strict:
        return None
    for name in sorted(set(source.named) ^ set(target.named)):
        where = target_name if name in source.named else source_name
        return f"a format specification for argument '{name}' doesn't exist in '{where}'"
    return None
