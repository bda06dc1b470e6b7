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


TF = ('resource "aws_cloudwatch_log_metric_filter" "root" {\n'
      '  name           = "root"\n'
      '  log_group_name = "trail"\n'
      '  pattern        = "{ $.userIdentity.type = Root && $.eventType != AwsServiceEvent }"\n'
      '  metric_transformation {\n'
      '    name      = "m"\n'
      '    namespace = "n"\n'
      '    value     = "1"\n'
      '  }\n'
      '}\n'
      '\n'
      'resource "aws_cloudwatch_log_metric_filter" "bad" {\n'
      '  name           = "bad"\n'
      '  log_group_name = "app"\n'
      '  # cwfilter-ignore: CWF999\n'
      '  pattern        = "ERROR {"\n'
      '  metric_transformation {\n'
      '    name      = "m"\n'
      '    namespace = "n"\n'
      '    value     = "1"\n'
      '  }\n'
      '}\n')

CFN = ("Resources:\n"
       "  Iam:\n"
       "    Type: AWS::Logs::MetricFilter\n"
       "    Properties:\n"
       "      LogGroupName: trail\n"
       "      FilterPattern: '" + IAM + "'\n")


class TestLint(unittest.TestCase):
    def test_lint_terraform(self):
        f = cwfilter.lint(TF, "main.tf", rules=["cis-4.4"])
        self.assertEqual([x.rule_id for x in f], ["CWF111", "CWF404", "CWF402"])
        self.assertEqual((f[0].file, f[0].line, f[0].column, f[0].end_column),
                         ("main.tf", 16, 27, 28))
        self.assertEqual(f[0].logical, "aws_cloudwatch_log_metric_filter.bad")
        self.assertEqual((f[0].text, f[0].start, f[0].end), ("ERROR {", 6, 7))
        self.assertEqual(f[0].suggestion, '"{"')
        self.assertEqual(str(f[0]), "main.tf:16:27: error: the term `{` has characters "
                                    "that need double quotes [CWF111]")
        self.assertEqual(f[1].notes, ("the one metric filter checked does not test what "
                                      "the rule requires",))
        self.assertEqual((f[2].line, f[2].column, f[2].severity), (15, 22, "warning"))
        # Without rules: no coverage finding.
        self.assertEqual([x.rule_id for x in cwfilter.lint(TF, "main.tf")],
                         ["CWF111", "CWF402"])

    def test_lint_files_coverage_across_files(self):
        r = cwfilter.lint_files({"main.tf": TF, "iam.yaml": CFN}, rules=["cis-4.4"])
        # iam.yaml's filter covers cis-4.4 for the group; no alarm in these
        # files watches its metric, which the chain says as a note (CWF508).
        self.assertEqual([x.rule_id for x in r.findings], ["CWF111", "CWF508", "CWF402"])
        self.assertEqual(r.findings[1].severity, "note")
        self.assertEqual((r.files_read, r.patterns_found, r.problems), (2, 3, []))

    def test_lint_errors(self):
        with self.assertRaises(cwfilter.LintError) as cm:
            cwfilter.lint('{"metricFilters": [', "broken.json")
        self.assertTrue(str(cm.exception).startswith("broken.json:"))
        with self.assertRaises(cwfilter.UnknownRuleError):
            cwfilter.lint(TF, "main.tf", rules=["cis-9.9"])
        with self.assertRaises(cwfilter.UnknownRuleError):
            cwfilter.lint(TF, "main.tf", benchmark="cis-9.9")
        # CIS 1.2 has 14 metric-filter rules; the root filter covers 3.3.
        gaps = [x for x in cwfilter.lint(TF, "main.tf", benchmark="cis-1.2")
                if x.rule_id == "CWF404"]
        self.assertEqual(len(gaps), 13)
        self.assertFalse([x for x in gaps if "root" in x.message.lower()])


if __name__ == "__main__":
    unittest.main()
