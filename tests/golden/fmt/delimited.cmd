cwfilter fmt '[..., request=*.html*, status_code=4*,]'
