cwfilter fix -r cis-iam-policy-changes --pattern '{ ($.eventName = DeleteGroupPolicy) || ($.eventName == DeleteRolePolicy) }'
