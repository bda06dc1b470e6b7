# cwfilter fix: the README example (see "cwfilter fix" in README.md)
resource "aws_cloudwatch_log_metric_filter" "cloudtrail_changes" {
  name           = "cloudtrail-config-changes"
  log_group_name = "CloudTrail/DefaultLogGroup"
  # CIS 4.5: every change to a trail
  pattern = <<-EOT
    {
      ($.eventName = "CreateTrail") ||
      ($.eventName = "UpdateTrail") ||
      ($.eventName == "DeleteTrail")
    }
  EOT

  metric_transformation {
    name      = "CloudTrailEventCount"
    namespace = "CloudTrailMetrics"
    value     = "1"
  }
}
