printf '{"eventName":"PutRolePolicy",}\n' | cwfilter match --explain '{ $.eventName = "PutRolePolicy" || $.eventName NOT EXISTS }'
