cwfilter parse 'email@someemail.com'
