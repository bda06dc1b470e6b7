cwfilter check --rule securityhub-cloudwatch-1 '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && $.errorCode NOT EXISTS }'
