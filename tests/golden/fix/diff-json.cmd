cwfilter fix --diff --format json corpus/fix
