# In the shape of the popular CIS-alarm Terraform modules: a locals map of
# control name -> pattern, and one metric filter per entry with for_each
# (issue 13, item 2).  Everything is literal in this module, so every
# filter is judged on its real pattern.

variable "log_group_name" {
  type    = string
  default = "cloudtrail"
}

locals {
  namespace = "CISBenchmark"

  controls = {
    root_usage = {
      pattern     = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
      description = "Root account usage"
    }
    # 4.4, written with one event name short
    iam_changes = {
      pattern     = "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)}"
      description = "IAM policy changes"
    }
    "cloudtrail-changes" = {
      pattern     = <<-EOT
        { ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }
      EOT
      description = "CloudTrail configuration changes"
    }
  }
}

resource "aws_cloudwatch_log_metric_filter" "cis" {
  for_each = local.controls

  name           = each.key
  pattern        = each.value.pattern
  log_group_name = var.log_group_name

  metric_transformation {
    name      = each.key
    namespace = local.namespace
    value     = "1"
  }
}
