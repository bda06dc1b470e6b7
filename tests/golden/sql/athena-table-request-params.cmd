cwfilter sql --dialect athena --source cloudtrail-table '{ $.requestParameters.tags[*].key = "env" || $.requestParameters.policyArn = "*AdministratorAccess" || $.readOnly IS FALSE }'
