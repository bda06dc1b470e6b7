# An S3 bucket-policy filter that is the whole S3 service: it covers the
# control, and counts every S3 call (issue 13, item 7).
resource "aws_cloudwatch_log_metric_filter" "s3_policy" {
  name           = "S3BucketPolicyChanges"
  log_group_name = "cloudtrail"
  pattern        = "{ $.eventSource = \"s3.amazonaws.com\" }"

  metric_transformation {
    name      = "S3BucketPolicyChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
