# CloudTrail monitoring for the organisation trail (CIS 4.x).

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "env" {
  type    = string
  default = "prod"
}

locals {
  namespace = "CISBenchmark"
  /* the trail writes here; see trail.tf */
  trail_log_group = "aws-cloudtrail-logs-org"
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "aws-cloudtrail-logs-org"
  retention_in_days = 365
}

// 4.3: root account usage, quoted with escapes
resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"

  metric_transformation {
    name      = "RootUsage"
    namespace = local.namespace
    value     = "1"
  }
}

# 4.4: IAM policy changes, a flush heredoc
resource "aws_cloudwatch_log_metric_filter" "iam_policy_changes" {
  name           = "iam-policy-changes"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = <<-EOT
    {($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||
     ($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||
     ($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||
     ($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||
     ($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||
     ($.eventName=DetachGroupPolicy)}
  EOT

  metric_transformation {
    name      = "IamPolicyChanges"
    namespace = local.namespace
    value     = "1"
  }
}

# 4.5: CloudTrail configuration changes, a plain heredoc with $${ kept literal
# cwfilter-ignore: CWF211 -- AWS's own agents are logged unquoted
resource "aws_cloudwatch_log_metric_filter" "trail_changes" {
  name           = "cloudtrail-changes"
  log_group_name = "aws-cloudtrail-logs-org"
  pattern        = <<EOT
{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) || ($.requestParameters.name = "$${not-a-var}") && ($.userAgent != aws-internal*) }
EOT

  metric_transformation {
    name      = "CloudTrailChanges"
    namespace = local.namespace
    value     = "1"
  }
}

# per-environment console logins: var.env resolves to its default, "prod"
resource "aws_cloudwatch_log_metric_filter" "console_logins" {
  name           = "console-logins-${var.env}"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ ($.eventName = \"ConsoleLogin\") && ($.requestParameters.env = \"${var.env}\") }"

  metric_transformation {
    name      = "ConsoleLogins"
    namespace = local.namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_log_subscription_filter" "trail_to_siem" {
  name            = "trail-to-siem"
  log_group_name  = aws_cloudwatch_log_group.trail.name
  filter_pattern  = var.siem_pattern
  destination_arn = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/siem"
}

variable "siem_pattern" {
  type    = string
  default = ""
}
