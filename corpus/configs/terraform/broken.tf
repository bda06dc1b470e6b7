/*
 * Network alarms.  Both filters below have mistakes.
 */

resource "aws_cloudwatch_log_metric_filter" "security_group_changes" {
  name           = "security-group-changes"
  log_group_name = "aws-cloudtrail-logs-org"
  # cwfilter-ignore: CWF212 -- not a boolean in this log format
  pattern        = <<-EOT
	{ ($.eventName = AuthorizeSecurityGroupIngress) ||
	  ($.eventName = RevokeSecurityGroupIngress) ||
	  ($.eventName = CreateSecurityGroup) || ($.eventName = 'DeleteSecurityGroup') }
	EOT

  metric_transformation {
    name      = "SecurityGroupChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "nacl_changes" {
  name           = "nacl-changes"
  log_group_name = "aws-cloudtrail-logs-org"
  pattern        = "{ ($.eventName = \"CreateNetworkAcl\") || ($.eventName = \"CreateNetworkAclEntry\") || ($.eventname = \"DeleteNetworkAcl\") || (eventName = \"ReplaceNetworkAclAssociation\") }" // CIS 4.11

  metric_transformation {
    name      = "NaclChanges"
    namespace = "CISBenchmark"
    value     = "1"
  }
}
