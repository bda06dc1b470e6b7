cwfilter parse '{ ($.eventName = ConsoleLogin && ($.errorMessage = "Failed authentication") }'
