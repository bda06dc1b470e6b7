# The other shape: a list of controls and count, and a pattern that
# interpolates a literal local.
locals {
  kms_source = "kms.amazonaws.com"
  alarms = [
    {
      name    = "cmk-disable-or-deletion"
      pattern = "{ ($.eventSource = ${local.kms_source}) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
    },
    {
      name    = "console-auth-failures"
      pattern = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"
    },
  ]
}

resource "aws_cloudwatch_log_metric_filter" "by_index" {
  count          = length(local.alarms)
  name           = local.alarms[count.index].name
  pattern        = local.alarms[count.index].pattern
  log_group_name = "cloudtrail"

  metric_transformation {
    name      = local.alarms[count.index].name
    namespace = "CISBenchmark"
    value     = "1"
  }
}
