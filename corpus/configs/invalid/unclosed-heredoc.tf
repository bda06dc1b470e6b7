resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "errors"
  log_group_name = "/app"
  pattern        = <<-EOT
    ERROR -DEBUG
  END
}
