# A reusable module: one metric filter per entry of var.filters.

variable "log_group_name" {
  type = string
}

variable "filters" {
  type = map(string)
}

resource "aws_cloudwatch_log_metric_filter" "this" {
  for_each       = var.filters
  name           = each.key
  log_group_name = var.log_group_name
  pattern        = each.value

  metric_transformation {
    name      = each.key
    namespace = "Payments"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "payments-errors"
  log_group_name = var.log_group_name
  pattern        = "{ $.level = \"ERROR\" && $.service = \"payments\" }"

  metric_transformation {
    name      = "PaymentsErrors"
    namespace = "Payments"
    value     = "1"
  }
}
