# alarms.tf: the alarm on the metric of the filter in filters.tf, on the
# wrong metric (IAMChanges, the filter's name, not IAMPolicyChanges).

resource "aws_cloudwatch_metric_alarm" "iam_changes" {
  alarm_name          = "IAMPolicyChangesAlarm"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "IAMChanges"
  namespace           = "CISBenchmark"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_description   = "CIS 4.4: IAM policy changes"
  alarm_actions       = [aws_sns_topic.cis_alarms.arn]
}

resource "aws_sns_topic" "cis_alarms" {
  name = "cis-alarms"
}

resource "aws_sns_topic_subscription" "secops" {
  topic_arn = aws_sns_topic.cis_alarms.arn
  protocol  = "email"
  endpoint  = "secops@example.com"
}
