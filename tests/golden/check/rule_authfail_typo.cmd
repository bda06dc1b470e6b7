cwfilter check --rule cis-4.6 '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failedauthentication") }'
