cwfilter explain securityhub-cloudwatch-13
