# The unauthorized-API-calls filter as the current CIS text writes it
# (CIS 1.4 to 7.0), which CIS 1.2's rule does not accept (issue 13, item 4).
resource "aws_cloudwatch_log_metric_filter" "unauthorized" {
  name           = "UnauthorizedAPICalls"
  log_group_name = "cloudtrail"
  pattern        = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") && ($.sourceIPAddress != \"delivery.logs.amazonaws.com\") && ($.eventName != \"HeadBucket\") }"

  metric_transformation {
    name      = "UnauthorizedAPICalls"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
