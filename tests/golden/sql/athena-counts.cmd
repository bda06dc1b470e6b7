cwfilter sql --dialect athena --source cloudtrail-table --count-by '$.userIdentity.arn' --period 5m '{ $.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*" }'
