cwfilter lint --rule cis-console-signin-without-mfa corpus/configs/coverage/narrowed-mfa.tf
