cwfilter fix --unsafe -r cis-iam-policy-changes --pattern '{ (($.eventName = PutRolePolicy)) && ($.userIdentity.type = Root) }'
