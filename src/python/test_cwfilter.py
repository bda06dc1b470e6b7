"""test_cwfilter.py: the Python binding against libcwfilter (unittest).

make lib-test runs it with CWFILTER_LIB set to build/libcwfilter.so.0:
    CWFILTER_LIB=build/libcwfilter.so.0 python3 -m unittest discover -s src/python
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwfilter  # noqa: E402

IAM = ("{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||"
       "($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||"
       "($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||"
       "($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||"
       "($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||"
       "($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||"
       "($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||"
       "($.eventName=DetachGroupPolicy)}")

ROOT = ('{ ($.eventName = PutRolePolicy || $.eventName = DeleteRolePolicy)'
        ' && $.userIdentity.type = "Root" }')


class TestCheck(unittest.TestCase):
    def test_iam_benchmark_covers(self):
        r = cwfilter.check(IAM, rule="cis-4.4")
        self.assertTrue(r.covered)
        self.assertEqual(r.rule, "cis-iam-policy-changes")
        self.assertEqual(r.title, "IAM policy changes")
        self.assertEqual(len(r.cases), 16)
        self.assertEqual(r.cases[4].label, "PutRolePolicy")
        self.assertTrue(all(c.verdict == "covers" and c.counterexample is None
                            for c in r.cases))
        self.assertEqual(r.diagnostics, [])

    def test_root_narrowed(self):
        r = cwfilter.check(ROOT)  # the default rule is cis-4.4
        self.assertFalse(r.covered)
        self.assertEqual(r.verdict, "not covered")
        c = r.cases[1]
        self.assertEqual(c.label, "DeleteRolePolicy")
        self.assertEqual(c.verdict, "not covered")
        self.assertEqual(c.reason,
                         'DeleteRolePolicy is matched only when `$.userIdentity.type = "Root"`')
        self.assertEqual(c.span, (69, 97))
        self.assertEqual(c.counterexample,
                         '{"eventSource":"iam.amazonaws.com","eventType":"AwsApiCall",'
                         '"eventName":"DeleteRolePolicy"}')
        self.assertEqual(r.cases[0].reason, "no term matches DeleteGroupPolicy")
        self.assertIsNone(r.cases[0].span)
        self.assertEqual([d.rule_id for d in r.diagnostics], ["CWF301", "CWF302"])
        self.assertEqual((r.diagnostics[1].start, r.diagnostics[1].end), (69, 97))

    def test_readme_example(self):
        r = cwfilter.check('{ $.eventName = "PutRolePolicy" }', rule="cis-4.4")
        self.assertFalse(r.covered)
        self.assertEqual((r.cases[0].label, r.cases[0].verdict),
                         ("DeleteGroupPolicy", "not covered"))
        self.assertEqual(r.cases[0].reason, "no term matches DeleteGroupPolicy")
        self.assertTrue(r.cases[0].counterexample.startswith(
            '{"eventSource":"iam.amazonaws.com",'))

    def test_unknown_rule(self):
        with self.assertRaises(cwfilter.UnknownRuleError):
            cwfilter.check(IAM, rule="cis-99.9")

    def test_bad_pattern(self):
        with self.assertRaises(cwfilter.PatternError) as cm:
            cwfilter.check('{ eventName = "x" }')
        d = cm.exception.diagnostics[0]
        self.assertEqual((d.rule_id, d.rule_name, d.severity), ("CWF105", "missing-dollar", "error"))
        self.assertEqual((d.start, d.end, d.line, d.column), (2, 11, 1, 3))
        self.assertEqual(d.message,
                         "a property selector starts with `$.`: `eventName` is not one")
        self.assertEqual(d.suggestion, "$.eventName")
        self.assertIn("[CWF105]", str(cm.exception))

    def test_implies_equiv(self):
        self.assertTrue(cwfilter.implies('{ $.x = "ab" }', '{ $.x = "a*" }').covered)
        r = cwfilter.implies('{ $.x = "a*" }', '{ $.x = "ab" }')
        self.assertEqual(r.verdict, "not covered")
        self.assertTrue(cwfilter.match('{ $.x = "a*" }', r.counterexample))
        self.assertFalse(cwfilter.match('{ $.x = "ab" }', r.counterexample))
        self.assertTrue(cwfilter.equiv('{ $.x = "a*" }', '{$.x="a*"}'))
        self.assertFalse(cwfilter.equiv('{ $.x = "a*" }', '{ $.x = "ab" }'))


class TestMatch(unittest.TestCase):
    def test_delimited_values(self):
        m = cwfilter.match("[ip, user, status = 404, ...]", "10.0.0.1 alice 404 GET /x")
        self.assertTrue(m.matched)
        self.assertEqual(m.values, {"$ip": "10.0.0.1", "$user": "alice", "$status": "404",
                                    "$4": "GET", "$5": "/x"})
        self.assertFalse(cwfilter.match("[ip, user, status = 404, ...]",
                                        "10.0.0.1 alice 200 GET /x"))

    def test_json_event(self):
        self.assertTrue(cwfilter.match(IAM, '{"eventName":"PutRolePolicy"}'))
        self.assertTrue(cwfilter.match(IAM, {"eventName": "CreatePolicy"}))
        self.assertTrue(cwfilter.match(IAM, b'{"eventName":"CreatePolicy"}'))
        self.assertFalse(cwfilter.match(IAM, '{"eventName":"CreatePolicy"'))
        self.assertEqual(cwfilter.match(IAM, '{"eventName":"PutRolePolicy"}').values, {})

    def test_nul_bytes(self):
        self.assertTrue(cwfilter.match("ERROR", b"a\x00b ERROR"))

    def test_bad_pattern(self):
        with self.assertRaises(cwfilter.PatternError) as cm:
            cwfilter.match('{ $.eventName = "x }', "{}")
        self.assertEqual(cm.exception.diagnostics[0].rule_id, "CWF114")


class TestParse(unittest.TestCase):
    def test_parse(self):
        p = cwfilter.parse('{$.a=1||$.b="x"}')
        self.assertEqual(p.kind, "json")
        self.assertEqual(p.canonical, '{ $.a = 1 || $.b = "x" }')
        self.assertEqual(p.ast["expr"]["type"], "or")
        self.assertEqual(cwfilter.parse("").kind, "all")

    def test_version(self):
        self.assertEqual(cwfilter.version(), "0.1.0")


if __name__ == "__main__":
    unittest.main()
