"""cwfilter: Python binding of libcwfilter (src/cwfilter.h) through ctypes.

No compiler is needed at install time: the module loads libcwfilter.so.0
from $CWFILTER_LIB (a path to the library), else from next to this file or
the build/ directory of a source tree, else through the system loader.

    import cwfilter
    r = cwfilter.check('{ $.eventName = "PutRolePolicy" }', rule="cis-4.4")
    r.covered, [(c.label, c.verdict, c.reason) for c in r.cases]
    cwfilter.match("[ip, user, status = 404, ...]", "10.0.0.1 alice 404 GET /x")
    cwfilter.parse("{ $.a = 1 }").canonical
    for f in cwfilter.lint(open("main.tf").read(), "main.tf", rules=["cis-4.4"]):
        print(f)    # main.tf:16:27: error: ... [CWF111]

A pattern with errors raises PatternError, whose .diagnostics hold the rule
id, severity, span, message, notes and suggestion of each.
"""

import ctypes
import ctypes.util
import json
import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Tuple, Union

__all__ = ["Diagnostic", "Case", "CheckResult", "Match", "Parsed", "Error",
           "PatternError", "UnknownRuleError", "LintError", "Finding", "LintResult",
           "parse", "match", "check", "implies", "equiv", "lint", "lint_files",
           "version"]

_SONAME = "libcwfilter.so.0"


def _load():
    tried = []
    env = os.environ.get("CWFILTER_LIB")
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [env] if env else []
    candidates += [os.path.join(here, _SONAME),
                   os.path.join(here, "..", "..", "build", _SONAME)]
    for path in candidates:
        if path and os.path.exists(path):
            return ctypes.CDLL(os.path.abspath(path))
        tried.append(path)
    try:
        return ctypes.CDLL(_SONAME)
    except OSError:
        found = ctypes.util.find_library("cwfilter")
        if found:
            return ctypes.CDLL(found)
    raise ImportError("cwfilter: cannot find %s (tried %s and the system loader; "
                      "set CWFILTER_LIB)" % (_SONAME, ", ".join(tried)))


_lib = _load()

# ---- the C declarations (cwfilter.h) ---------------------------------------

_OK, _INVALID, _BAD_PATTERN, _UNKNOWN_RULE, _BAD_INPUT, _INTERNAL, _REFUSED = range(7)
_LEVELS = ("note", "warning", "error")
_ANSWERS = ("covers", "not covered", "unknown")


class _Diag(ctypes.Structure):
    _fields_ = [("rule_id", ctypes.c_char_p), ("rule_name", ctypes.c_char_p),
                ("level", ctypes.c_int),
                ("start", ctypes.c_uint32), ("end", ctypes.c_uint32),
                ("line", ctypes.c_uint32), ("column", ctypes.c_uint32),
                ("end_line", ctypes.c_uint32), ("end_column", ctypes.c_uint32),
                ("message", ctypes.c_char_p), ("suggestion", ctypes.c_char_p),
                ("notes", ctypes.POINTER(ctypes.c_char_p)), ("nnotes", ctypes.c_size_t)]


class _Case(ctypes.Structure):
    _fields_ = [("label", ctypes.c_char_p), ("answer", ctypes.c_int),
                ("reason", ctypes.c_char_p), ("residual", ctypes.c_char_p),
                ("has_span", ctypes.c_bool),
                ("start", ctypes.c_uint32), ("end", ctypes.c_uint32),
                ("suggestion", ctypes.c_char_p), ("counterexample", ctypes.c_char_p)]


class _Finding(ctypes.Structure):
    _fields_ = [("diag", ctypes.POINTER(_Diag)), ("file", ctypes.c_char_p), ("logical", ctypes.c_char_p),
                ("text", ctypes.POINTER(ctypes.c_char)), ("len", ctypes.c_size_t)]


_P = ctypes.c_void_p
_SIZE = ctypes.c_size_t


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_version = _fn("cwf_version", ctypes.c_char_p)
_status_string = _fn("cwf_status_string", ctypes.c_char_p, ctypes.c_int)
_parse = _fn("cwf_parse_pattern", ctypes.c_int, ctypes.c_char_p, _SIZE, ctypes.POINTER(_P))
_parsed_kind = _fn("cwf_parsed_kind", ctypes.c_char_p, _P)
_parsed_ast = _fn("cwf_parsed_ast_json", ctypes.c_char_p, _P)
_parsed_canonical = _fn("cwf_parsed_canonical", ctypes.c_char_p, _P)
_parsed_ndiag = _fn("cwf_parsed_diag_count", _SIZE, _P)
_parsed_diag = _fn("cwf_parsed_diag", ctypes.POINTER(_Diag), _P, _SIZE)
_parsed_free = _fn("cwf_parsed_free", None, _P)
_compile = _fn("cwf_compile", ctypes.c_int, _P, ctypes.POINTER(_P))
_match = _fn("cwf_match", ctypes.c_int, _P, ctypes.c_char_p, _SIZE,
             ctypes.POINTER(ctypes.c_bool))
_nvalues = _fn("cwf_compiled_value_count", _SIZE, _P)
_value = _fn("cwf_compiled_value", ctypes.POINTER(ctypes.c_char), _P, _SIZE,
             ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(_SIZE))
_compiled_free = _fn("cwf_compiled_free", None, _P)
_check = _fn("cwf_check", ctypes.c_int, _P, ctypes.c_char_p, ctypes.POINTER(_P))
_implies = _fn("cwf_implies", ctypes.c_int, _P, _P, ctypes.POINTER(_P))
_proof_answer = _fn("cwf_proof_answer", ctypes.c_int, _P)
_proof_rule_id = _fn("cwf_proof_rule_id", ctypes.c_char_p, _P)
_proof_title = _fn("cwf_proof_title", ctypes.c_char_p, _P)
_proof_reason = _fn("cwf_proof_reason", ctypes.c_char_p, _P)
_proof_assumes = _fn("cwf_proof_assumes", ctypes.c_char_p, _P)
_proof_counterexample = _fn("cwf_proof_counterexample", ctypes.c_char_p, _P)
_proof_ncases = _fn("cwf_proof_case_count", _SIZE, _P)
_proof_case = _fn("cwf_proof_case_at", ctypes.POINTER(_Case), _P, _SIZE)
_proof_ndiag = _fn("cwf_proof_diag_count", _SIZE, _P)
_proof_diag = _fn("cwf_proof_diag", ctypes.POINTER(_Diag), _P, _SIZE)
_proof_free = _fn("cwf_proof_result_free", None, _P)
_lint_new = _fn("cwf_lint_new", ctypes.c_int, ctypes.POINTER(_P))
_lint_add_rule = _fn("cwf_lint_add_rule", ctypes.c_int, _P, ctypes.c_char_p)
_lint_add_benchmark = _fn("cwf_lint_add_benchmark", ctypes.c_int, _P, ctypes.c_char_p,
                          ctypes.POINTER(ctypes.c_char_p))
_lint_add_buffer = _fn("cwf_lint_add_buffer", ctypes.c_int, _P, ctypes.c_char_p,
                       ctypes.c_char_p, _SIZE)
_lint_judge = _fn("cwf_lint_judge", ctypes.c_int, _P)
_lint_nfindings = _fn("cwf_lint_finding_count", _SIZE, _P)
_lint_finding = _fn("cwf_lint_finding", ctypes.POINTER(_Finding), _P, _SIZE)
_lint_nproblems = _fn("cwf_lint_problem_count", _SIZE, _P)
_lint_problem = _fn("cwf_lint_problem", ctypes.c_char_p, _P, _SIZE,
                    ctypes.POINTER(ctypes.c_bool))
_lint_files_read = _fn("cwf_lint_files_read", _SIZE, _P)
_lint_patterns = _fn("cwf_lint_patterns_found", _SIZE, _P)
_lint_free = _fn("cwf_lint_free", None, _P)

# ---- Python values ----------------------------------------------------------


def _s(b: Optional[bytes]) -> Optional[str]:
    return None if b is None else b.decode("utf-8", "replace")


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic: rule id and name, severity, byte span [start, end) in
    the pattern, 1-based line and column, message, notes, suggestion."""
    rule_id: str
    rule_name: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    message: str
    notes: Tuple[str, ...] = ()
    suggestion: Optional[str] = None

    def __str__(self):
        return "%d:%d: %s: %s [%s]" % (self.line, self.column, self.severity,
                                       self.message, self.rule_id)


def _diag(d: _Diag) -> Diagnostic:
    return Diagnostic(_s(d.rule_id), _s(d.rule_name), _LEVELS[d.level], d.start, d.end,
                      d.line, d.column, _s(d.message),
                      tuple(_s(d.notes[i]) for i in range(d.nnotes)), _s(d.suggestion))


class Error(Exception):
    """A failure of the library (an invalid argument, an internal error)."""


class PatternError(Error, ValueError):
    """The pattern has errors; .diagnostics says which and where."""

    def __init__(self, pattern: str, diagnostics: List[Diagnostic]):
        self.pattern = pattern
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == "error"] or diagnostics
        super().__init__("; ".join(str(d) for d in errors) or "bad pattern")


class UnknownRuleError(Error, KeyError):
    """No built-in rule has that id or alias."""

    def __str__(self):
        return "unknown rule %r (see `cwfilter rules`)" % self.args[0]


def _raise(status: int, what: str):
    raise Error("cwfilter: %s: %s" % (what, _s(_status_string(status))))


class _Handle:
    """Owns a parsed pattern handle; freed with the object."""

    def __init__(self, pattern: str):
        self.text = pattern
        data = pattern.encode("utf-8")
        h = _P()
        st = _parse(data, len(data), ctypes.byref(h))
        if st not in (_OK, _BAD_PATTERN):
            _raise(st, "parse")
        self.h = h
        self.diagnostics = [_diag(_parsed_diag(h, i).contents)
                            for i in range(_parsed_ndiag(h))]
        if st == _BAD_PATTERN:
            raise PatternError(pattern, self.diagnostics)

    def __del__(self):
        h = getattr(self, "h", None)
        if h:
            _parsed_free(h)
            self.h = None


@dataclass(frozen=True)
class Parsed:
    """A pattern without errors: its kind ("all", "terms", "regex", "json",
    "delimited"), canonical form, syntax tree and warnings."""
    pattern: str
    kind: str
    canonical: str
    ast: dict
    diagnostics: List[Diagnostic] = field(default_factory=list)


def parse(pattern: str) -> Parsed:
    """Parses and validates pattern; raises PatternError on an error."""
    h = _Handle(pattern)
    return Parsed(pattern, _s(_parsed_kind(h.h)), _s(_parsed_canonical(h.h)),
                  json.loads(_s(_parsed_ast(h.h))), h.diagnostics)


@dataclass(frozen=True)
class Match:
    """Whether an event matched, and the values a space-delimited pattern
    extracted ("$ip", "$3"); truthy when it matched."""
    matched: bool
    values: Dict[str, str] = field(default_factory=dict)

    def __bool__(self):
        return self.matched


def _event_bytes(event) -> bytes:
    return event if isinstance(event, bytes) else (
        event.encode("utf-8") if isinstance(event, str) else json.dumps(event).encode())


def match(pattern: str, event) -> Match:
    """Matches one event (a str, bytes, or a dict/list sent as JSON) as
    CloudWatch Logs would; raises PatternError on a bad pattern."""
    h = _Handle(pattern)
    m = _P()
    st = _compile(h.h, ctypes.byref(m))
    if st != _OK:
        _raise(st, "compile")
    try:
        data = _event_bytes(event)
        hit = ctypes.c_bool()
        st = _match(m, data, len(data), ctypes.byref(hit))
        if st != _OK:
            _raise(st, "match")
        values = {}
        for i in range(_nvalues(m)):
            name = ctypes.c_char_p()
            n = _SIZE()
            v = _value(m, i, ctypes.byref(name), ctypes.byref(n))
            values[_s(name.value)] = ctypes.string_at(v, n.value).decode("utf-8", "replace")
        return Match(hit.value, values)
    finally:
        _compiled_free(m)


@dataclass(frozen=True)
class Case:
    """The verdict for one disjunct of the requirement (one event name):
    "covers", "not covered" or "unknown", with the reason, its byte span in
    the pattern (or None), a suggestion and a counterexample event."""
    label: str
    verdict: str
    reason: Optional[str]
    residual: Optional[str]
    span: Optional[Tuple[int, int]]
    suggestion: Optional[str]
    counterexample: Optional[str]

    @property
    def covered(self) -> bool:
        return self.verdict == "covers"


@dataclass(frozen=True)
class CheckResult:
    """A proof: the verdict, whether it is "covers", per-case verdicts, the
    findings and warnings located in the pattern."""
    pattern: str
    rule: Optional[str]
    title: Optional[str]
    verdict: str
    reason: Optional[str]
    assumes: Optional[str]
    counterexample: Optional[str]
    cases: List[Case]
    diagnostics: List[Diagnostic]

    @property
    def covered(self) -> bool:
        return self.verdict == "covers"

    def __bool__(self):
        return self.covered


def _result(pattern: str, st: int, r) -> CheckResult:
    if st == _UNKNOWN_RULE:
        raise UnknownRuleError(pattern)
    if st != _OK:
        if r:
            _proof_free(r)
        _raise(st, "proof")
    try:
        cases = []
        for i in range(_proof_ncases(r)):
            c = _proof_case(r, i).contents
            cases.append(Case(_s(c.label), _ANSWERS[c.answer], _s(c.reason), _s(c.residual),
                              (c.start, c.end) if c.has_span else None, _s(c.suggestion),
                              _s(c.counterexample)))
        return CheckResult(pattern, _s(_proof_rule_id(r)), _s(_proof_title(r)),
                           _ANSWERS[_proof_answer(r)], _s(_proof_reason(r)),
                           _s(_proof_assumes(r)), _s(_proof_counterexample(r)), cases,
                           [_diag(_proof_diag(r, i).contents) for i in range(_proof_ndiag(r))])
    finally:
        _proof_free(r)


def check(pattern: str, rule: str = "cis-4.4") -> CheckResult:
    """Proves whether pattern covers a built-in rule (an id or alias, see
    `cwfilter rules`).  Raises PatternError on a bad pattern and
    UnknownRuleError on an unknown rule."""
    h = _Handle(pattern)
    r = _P()
    st = _check(h.h, rule.encode("utf-8"), ctypes.byref(r))
    if st == _UNKNOWN_RULE:
        raise UnknownRuleError(rule)
    return _result(pattern, st, r)


def implies(a: str, b: str) -> CheckResult:
    """Does a imply b (every event matching a also matches b)?  A
    counterexample matches a and not b."""
    ha, hb = _Handle(a), _Handle(b)
    r = _P()
    return _result(b, _implies(ha.h, hb.h, ctypes.byref(r)), r)


def equiv(a: str, b: str) -> bool:
    """Do a and b match the same events (both directions proved)?"""
    return implies(a, b).covered and implies(b, a).covered


def version() -> str:
    """The library's version."""
    return _s(_version())


@dataclass(frozen=True)
class Finding:
    """One lint finding located in its host file: file, 1-based line and
    column (and end), the resource or filter it is about (or None), rule id
    and name, severity, message, notes, suggestion, and the byte span
    [start, end) in text (the pattern, or the suppression directive)."""
    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule_id: str
    rule_name: str
    severity: str
    message: str
    notes: Tuple[str, ...]
    suggestion: Optional[str]
    logical: Optional[str]
    text: str
    start: int
    end: int

    def __str__(self):
        return "%s:%d:%d: %s: %s [%s]" % (self.file, self.line, self.column, self.severity,
                                          self.message, self.rule_id)


@dataclass(frozen=True)
class LintResult:
    """A lint run over several files: the findings in report order, the
    problems ("FILE: reason" for a file that could not be read as what its
    name says), files read and filter patterns found."""
    findings: List[Finding]
    problems: List[str]
    files_read: int
    patterns_found: int


class LintError(Error, ValueError):
    """A file is not what its name says (a template that does not parse)."""


def _finding(f: _Finding) -> Finding:
    d = f.diag.contents
    return Finding(_s(f.file), d.line, d.column, d.end_line, d.end_column, _s(d.rule_id),
                   _s(d.rule_name), _LEVELS[d.level], _s(d.message),
                   tuple(_s(d.notes[i]) for i in range(d.nnotes)), _s(d.suggestion),
                   _s(f.logical), ctypes.string_at(f.text, f.len).decode("utf-8", "replace"),
                   d.start, d.end)


def lint_files(files: Union[Mapping[str, Union[str, bytes]],
                            Iterable[Tuple[str, Union[str, bytes]]]],
               rules: Iterable[str] = (), benchmark: Optional[str] = None) -> LintResult:
    """Lints several host files given as {filename: text} (or (filename,
    text) pairs) in one run, as `cwfilter lint` does with files on disk:
    every filter pattern checked, suppressions applied, and, for each rule
    (an id or alias) and each rule of benchmark ("cis-7.0", "cis"), the
    coverage judged per log group over the filters of all the files.
    Nothing is read from disk.  Raises UnknownRuleError on an unknown rule or
    benchmark; a file that cannot be read is a problem, not an exception."""
    items = list(files.items()) if isinstance(files, Mapping) else list(files)
    h = _P()
    st = _lint_new(ctypes.byref(h))
    if st != _OK:
        _raise(st, "lint")
    try:
        for rule in rules:
            st = _lint_add_rule(h, rule.encode("utf-8"))
            if st == _UNKNOWN_RULE:
                raise UnknownRuleError(rule)
            if st != _OK:
                _raise(st, "lint")
        if benchmark is not None:
            st = _lint_add_benchmark(h, benchmark.encode("utf-8"), None)
            if st == _UNKNOWN_RULE:
                raise UnknownRuleError(benchmark)
            if st != _OK:
                _raise(st, "lint")
        for name, text in items:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            st = _lint_add_buffer(h, name.encode("utf-8"), data, len(data))
            if st not in (_OK, _BAD_INPUT):
                _raise(st, "lint")
        st = _lint_judge(h)
        if st != _OK:
            _raise(st, "lint")
        return LintResult([_finding(_lint_finding(h, i).contents)
                           for i in range(_lint_nfindings(h))],
                          [_s(_lint_problem(h, i, None)) for i in range(_lint_nproblems(h))],
                          _lint_files_read(h), _lint_patterns(h))
    finally:
        _lint_free(h)


def lint(text: Union[str, bytes], filename: str, rules: Iterable[str] = (),
         benchmark: Optional[str] = None) -> List[Finding]:
    """Lints one host file's text (Terraform, CloudFormation, SAM, CDK
    template, plan, describe-metric-filters export; the reader is chosen by
    filename and content) and returns its findings.  Raises LintError when
    the text is not what its name says, UnknownRuleError on an unknown
    rule."""
    r = lint_files([(filename, text)], rules, benchmark)
    if r.problems:
        raise LintError("; ".join(r.problems))
    return r.findings
