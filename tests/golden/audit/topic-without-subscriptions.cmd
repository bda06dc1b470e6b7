cwfilter audit corpus/audit/topic-without-subscriptions
