# A console sign-in filter narrowed to the sign-ins that report MFAUsed "No":
# sign-ins without the field are missed (issue 13, item 1).
resource "aws_cloudwatch_log_metric_filter" "no_mfa" {
  name           = "ConsoleSigninWithoutMFA"
  log_group_name = "cloudtrail"
  pattern        = "{ ($.additionalEventData.MFAUsed = \"No\") && ($.eventName = \"ConsoleLogin\") }"

  metric_transformation {
    name      = "ConsoleSigninWithoutMFA"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
