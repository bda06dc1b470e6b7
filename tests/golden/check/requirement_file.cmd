cwfilter check --requirement tests/golden/check/requirement.pattern '{ $.eventName = "Put*" }'
