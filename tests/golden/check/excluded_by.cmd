cwfilter check --rule cis-console-auth-failures '{ ($.eventName = ConsoleLogin) && ($.errorMessage != "Failed authentication") }'
