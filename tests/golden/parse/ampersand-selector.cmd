cwfilter parse '{ ($.eventName = ConsoleLogin) && &.eventType = "AwsConsoleSignIn" }'
