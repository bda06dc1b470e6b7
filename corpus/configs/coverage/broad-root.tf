# A root-usage filter without `$.userIdentity.type = "Root"`: it covers the
# control, but its alarm fires on every caller's API calls (issue 13, item 7).
resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "RootAccountUsage"
  log_group_name = "cloudtrail"
  pattern        = "{ $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"

  metric_transformation {
    name      = "RootAccountUsage"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
