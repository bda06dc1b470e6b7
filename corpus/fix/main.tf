# cwfilter fix: Terraform quoted strings and heredocs (see tests/golden/fix)
resource "aws_cloudwatch_log_metric_filter" "iam_policy" {
  name           = "iam-policy-changes"
  log_group_name = "CloudTrail/DefaultLogGroup"
  # keep this comment
  pattern = <<-EOT
    {
      ($.eventName = "DeleteGroupPolicy") ||
      ($.eventName = "DeleteRolePolicy") ||
      ($.eventName = "PutGroupPolicy") ||
      ($.eventName = "PutRolePolicy")
    }
  EOT

  metric_transformation {
    name      = "IAMPolicyEventCount"
    namespace = "CloudTrailMetrics"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "quoted" {
  name           = "quoted"
  log_group_name = "/app/quoted"
  pattern        = "{ $.path = \"/a\" && $.user == \"$${x}\" }" # a comment
  metric_transformation {
    name      = "Q"
    namespace = "N"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "plain_heredoc" {
  name           = "heredoc"
  log_group_name = "/app/heredoc"
  pattern        = <<EOF
ERROR - "Exiting"
EOF
  metric_transformation {
    name      = "H"
    namespace = "N"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "variable" {
  name           = "variable"
  log_group_name = "/app/variable"
  pattern        = "{ $.env == \"${var.env}\" }"
  metric_transformation {
    name      = "V"
    namespace = "N"
    value     = "1"
  }
}
