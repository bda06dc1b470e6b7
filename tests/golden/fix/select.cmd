cwfilter fix --diff --select CWF108 corpus/fix/styles.yaml
