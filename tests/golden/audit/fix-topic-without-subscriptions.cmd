cwfilter audit --fix corpus/audit/topic-without-subscriptions
