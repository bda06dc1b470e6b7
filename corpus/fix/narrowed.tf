# cwfilter fix: narrowing conditions and duplicates inside groups, in Terraform (see tests/golden/fix)
resource "aws_cloudwatch_log_metric_filter" "iam_root" {
  name           = "iam-policy-changes"
  log_group_name = "CloudTrail/DefaultLogGroup"
  # root only, and not from the office: both conditions go with --unsafe
  pattern = <<-EOT
    {
      (($.eventName = DeleteGroupPolicy) ||
       ($.eventName = DeleteRolePolicy) ||
       ($.eventName = DeleteUserPolicy) ||
       ($.eventName = PutGroupPolicy) ||
       ($.eventName = PutRolePolicy) ||
       ($.eventName = PutUserPolicy) ||
       ($.eventName = CreatePolicy) ||
       ($.eventName = DeletePolicy) ||
       ($.eventName = CreatePolicyVersion) ||
       ($.eventName = DeletePolicyVersion) ||
       ($.eventName = AttachRolePolicy) ||
       ($.eventName = DetachRolePolicy) ||
       ($.eventName = AttachUserPolicy) ||
       ($.eventName = DetachUserPolicy) ||
       ($.eventName = AttachGroupPolicy) ||
       ($.eventName = DetachGroupPolicy)) &&
      ($.userIdentity.type = "Root") &&
      ($.sourceIPAddress != "1.2.3.4")
    }
  EOT

  metric_transformation {
    name      = "IAMPolicyEventCount"
    namespace = "CloudTrailMetrics"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "nested_duplicate" {
  name           = "errors"
  log_group_name = "/app/errors"
  pattern        = "{ ($.level = \"ERROR\") || (($.level = \"FATAL\") || ($.level = \"ERROR\")) }" # kept
  metric_transformation {
    name      = "Errors"
    namespace = "App"
    value     = "1"
  }
}
