printf '\357\273\277{ $.eventName = ConsoleLogin }' | cwfilter parse -
