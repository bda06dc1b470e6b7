cwfilter match --count ERROR no/such/events.log corpus/events/ConsoleLogin-failure.json
