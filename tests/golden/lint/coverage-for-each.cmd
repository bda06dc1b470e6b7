cwfilter lint --rule cis-4.4 --rule cis-root-account-usage --rule cis-cmk-disable-or-deletion --rule cis-console-auth-failures corpus/configs/coverage/cis-module
