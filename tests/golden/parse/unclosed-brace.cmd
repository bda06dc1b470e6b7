cwfilter parse '{$.kubernetes.namespace_name="abc"'
